package io.flinkstack.controller.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * HTTP and JSON for {@link FlinkRestClient}: every call has a timeout, and every failure becomes one of
 * the two {@link FlinkClientException}s, so callers never see an {@link IOException}.
 */
final class RestTransport {
  // Lenient about NaN and Infinity: metric values can be either, and a Jackson configured differently
  // than Flink's writes them as bare tokens.
  static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private final HttpClient http;
  private final String baseUrl;
  private final Duration requestTimeout;
  private final Duration uploadTimeout;

  /** @param http may be shared with other transports: the timeouts here are set on each request */
  RestTransport(URI restUrl, HttpClient http, Duration requestTimeout, Duration uploadTimeout) {
    String url = restUrl.toString();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.requestTimeout = requestTimeout;
    this.uploadTimeout = uploadTimeout;
    this.http = http;
  }

  static HttpClient newHttpClient(Duration connectTimeout) {
    // Flink's REST endpoint speaks HTTP/1.1 only; asking for HTTP/2 would add an upgrade round trip.
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
  }

  String baseUrl() {
    return baseUrl;
  }

  HttpClient http() {
    return http;
  }

  JsonNode get(String path) {
    return exchange("GET", path, HttpRequest.BodyPublishers.noBody(), null, requestTimeout);
  }

  JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.BodyPublisher publisher =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString());
    return exchange(method, path, publisher, body == null ? null : "application/json", requestTimeout);
  }

  /** {@code multipart/form-data} with one file part, as {@code POST /jars/upload} wants it. */
  JsonNode upload(String path, String field, Path file, String fileContentType) {
    String boundary = "flinkstack-" + UUID.randomUUID();
    String head =
        "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + file.getFileName() + "\"\r\n"
            + "Content-Type: " + fileContentType + "\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          HttpRequest.BodyPublishers.concat(
              HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
              HttpRequest.BodyPublishers.ofFile(file),
              HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return exchange("POST", path, publisher, "multipart/form-data; boundary=" + boundary, uploadTimeout);
  }

  private JsonNode exchange(
      String method, String path, HttpRequest.BodyPublisher body, String contentType, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // Refused, reset, timed out: nothing says what the JobManager did with the request.
      throw new FlinkUnreachableException(method, path, describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkUnreachableException(method, path, "interrupted while waiting for the JobManager", e);
    }
    return read(method, path, response);
  }

  private static JsonNode read(String method, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      if (text.isBlank()) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new FlinkRestException(method, path, status, "response is not JSON: " + abbreviate(text), e);
      }
    }
    throw new FlinkRestException(method, path, status, errorsOf(text));
  }

  private static List<String> errorsOf(String body) {
    List<String> errors = new ArrayList<>();
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.path("errors").isArray()) {
        node.path("errors").forEach(error -> errors.add(error.asText()));
        return errors;
      }
    } catch (JsonProcessingException notJson) {
      // Proxies and a JobManager that is still starting can answer with plain text or HTML.
    }
    if (!body.isBlank()) {
      errors.add(abbreviate(body.strip()));
    }
    return errors;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }
}
