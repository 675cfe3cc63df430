package io.flinkstack.controller.submission;

import io.flinkstack.contract.JarCredentials;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Authorization} header value for one jar download, read from the Secret a session job's {@code
 * jarCredentials} names. It is only ever handed to {@link JarFetcher}, which sends it to the declared URI's origin
 * and nowhere else. {@link #toString()} and every message name where it came from ({@code Secret ns/name, key k}),
 * never the value; it is not kept beyond the fetch it was read for.
 *
 * <p>The value: without a space it is a bearer token, sent as {@code Bearer <value>} (RFC 6750's {@code b64token}
 * has no space); with one it is a whole header value {@code <scheme> <credentials>} (RFC 9110 §11.4, e.g. {@code
 * Basic dXNlcjpwYXNz}, {@code token ghp_…}), sent as it is. Trailing whitespace is removed: a Secret made with
 * {@code kubectl create secret --from-file} keeps the file's last newline.
 */
public final class JarAuthorization {
  private final String source;
  private final String cacheScope;
  private final String headerValue;

  private JarAuthorization(String source, String cacheScope, String headerValue) {
    this.source = source;
    this.cacheScope = cacheScope;
    this.headerValue = headerValue;
  }

  /**
   * The authorization a job declares, read now through {@code kubernetes}; empty when it declares no {@code
   * jarCredentials}.
   *
   * @throws JarFetchException when the Secret or its key is missing, cannot be read, or holds no usable value: the
   *     message names the URI (redacted), the Secret and the key, never the value
   */
  public static Optional<JarAuthorization> read(KubernetesGateway kubernetes, String namespace, JobDeclaration job) {
    JarCredentials credentials = job.jarCredentials();
    if (credentials == null) {
      return Optional.empty();
    }
    String source = credentials.describe(namespace);
    Optional<Map<String, byte[]>> secret;
    try {
      secret = kubernetes.secretData(namespace, credentials.secretName());
    } catch (KubernetesGatewayException e) {
      throw new JarFetchException(job.jarUri(), "cannot read the jarCredentials' " + source + " (" + e.getMessage()
          + "); the RuntimeController's Role grants get on secrets in the namespaces it watches");
    }
    if (secret.isEmpty()) {
      throw new JarFetchException(job.jarUri(), "the jarCredentials' " + source + " does not exist: create the Secret"
          + " in the FlinkJob's namespace, or fix spec.jarCredentials.secretName");
    }
    byte[] bytes = secret.get().get(credentials.key());
    if (bytes == null) {
      throw new JarFetchException(job.jarUri(), "the jarCredentials' " + source + ": the Secret has no such key (its"
          + " keys: " + secret.get().keySet() + "); fix spec.jarCredentials.key or add the key to the Secret");
    }
    return Optional.of(of(source, namespace + "/" + credentials.secretName() + "/" + credentials.key(), job.jarUri(),
        new String(bytes, StandardCharsets.UTF_8)));
  }

  /**
   * An authorization from a value already read.
   *
   * @param source how messages name it, e.g. {@code Secret ns/name, key k}
   * @param cacheScope which credentials, e.g. {@code ns/name/key} (see {@link #cacheScope()})
   * @param value the Secret's value (see the class comment for its forms)
   */
  static JarAuthorization of(String source, String cacheScope, String jarUri, String value) {
    Objects.requireNonNull(source, "source");
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new JarFetchException(jarUri, "the jarCredentials' " + source + " is empty: put the token (or '<scheme>"
          + " <credentials>') in it");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      // RFC 9110 §5.5: a field value is visible ASCII, spaces and tabs. A line break would start another header (and
      // the JDK's refusal of it quotes the whole value in its exception message), so it is refused here, unquoted.
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new JarFetchException(jarUri, "the jarCredentials' " + source + " holds a line break, control or non-ASCII"
            + " character (at position " + i + "), which cannot go in an HTTP header; only the trailing newline is removed");
      }
    }
    String header = trimmed.indexOf(' ') < 0 ? "Bearer " + trimmed : trimmed;
    return new JarAuthorization(source, cacheScope, header);
  }

  /** What is sent as the {@code Authorization} header. Package-private: only {@link JarFetcher} sends it. */
  String headerValue() {
    return headerValue;
  }

  /**
   * Which credentials these are ({@code namespace/secret/key}): part of the cache file's name (as a digest), so a
   * jar downloaded with one namespace's credentials is never handed to a declaration without them. Not the value.
   */
  String cacheScope() {
    return cacheScope;
  }

  /** Where it came from, e.g. {@code Secret ns/name, key k}. */
  public String source() {
    return source;
  }

  /** Redacts the value (and the raw token in it) from {@code text}, e.g. an exception's message. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String token = headerValue.substring(headerValue.indexOf(' ') + 1);
    return text.replace(headerValue, "***").replace(token, "***");
  }

  /** Whether {@code failure}'s message, or any of its causes', quotes the value or its token. */
  boolean revealedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getMessage();
      if (text != null && !scrub(text).equals(text)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Authorization from " + source;
  }
}
