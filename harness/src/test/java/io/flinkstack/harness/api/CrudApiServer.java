package io.flinkstack.harness.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode, with the one API-server rule the controller's safety rests on that its CRUD
 * dispatcher skips: a PUT on a {@code /status} subresource whose {@code metadata.resourceVersion} is not the stored one
 * is refused with 409 Conflict. The mock enforces this for a PUT of a whole object but stores a stale status write
 * (checked with kubernetes-server-mock 7.9.0), so two controllers racing for one FlinkJob's status would both win.
 *
 * <p>The rule, as the API server has it: {@code k8s.io/apiserver/pkg/registry/generic/registry/store.go}, {@code
 * Store.Update}: when the object sent carries a resource version and it differs from the stored one, the update fails
 * with {@code NewConflict} ("the object has been modified; please apply your changes to the latest version and try
 * again"); the status subresource's REST storage is the same store with a status-only update strategy. An update
 * without a resource version is unconditional (for custom resources, {@code AllowUnconditionalUpdate} is true), as here.
 * Tested itself by {@code CrudApiServerTest}.
 */
public final class CrudApiServer {
  private CrudApiServer() {}

  /** Started on a free port of 127.0.0.1; {@code destroy()} it when done. */
  public static KubernetesMockServer start() {
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new StatusPreconditions(), false);
    server.init();
    return server;
  }

  /** The CRUD dispatcher with the status subresource's resource-version precondition. */
  public static class StatusPreconditions extends KubernetesCrudDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
      String path = request.getPath();
      int query = path.indexOf('?');
      String bare = query < 0 ? path : path.substring(0, query);
      if (!bare.endsWith("/status")) {
        return super.handleUpdate(request);
      }
      // Serialized: the check and the write must not interleave with another status write.
      synchronized (this) {
        String body = request.getUtf8Body();
        String sent = resourceVersion(body);
        if (sent != null && !sent.isEmpty()) {
          MockResponse current = handleGet(bare.substring(0, bare.length() - "/status".length()));
          if (current.code() == 200) {
            String stored = resourceVersion(current.getBody().readUtf8());
            if (stored != null && !stored.equals(sent)) {
              return conflict(bare);
            }
          }
        }
        return super.handleUpdate(new RecordedRequest(request.getHttpVersion(), request.method(), path,
            request.getHeaders(), new io.fabric8.mockwebserver.http.Buffer(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      }
    }

    private static String resourceVersion(String json) {
      try {
        JsonNode node = JSON.readTree(json);
        JsonNode version = node == null ? null : node.path("metadata").get("resourceVersion");
        return version == null || version.isNull() ? null : version.asText();
      } catch (IOException e) {
        return null;
      }
    }

    private static MockResponse conflict(String path) {
      String[] segments = path.split("/");
      String name = segments.length >= 2 ? segments[segments.length - 2] : path;
      String message = "Operation cannot be fulfilled on " + segments[segments.length - 3] + " \"" + name
          + "\": the object has been modified; please apply your changes to the latest version and try again";
      return new MockResponse().setResponseCode(409).addHeader("Content-Type: application/json").setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\","
          + "\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,\"message\":\"" + message + "\"}");
    }
  }
}
