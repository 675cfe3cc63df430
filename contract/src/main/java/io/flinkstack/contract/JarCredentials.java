package io.flinkstack.contract;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Where the credentials for downloading a session job's jar are: one key of a Kubernetes Secret in the FlinkJob's
 * namespace. The runtime controller reads the Secret when it fetches the jar and sends the key's value as the
 * {@code Authorization} header, to the declared {@code jarUri}'s host only (not to a host a redirect leads to).
 *
 * <p>The value: without a space it is a bearer token, sent as {@code Bearer <value>}; with a space it is a whole
 * header value {@code <scheme> <credentials>} (e.g. {@code Basic dXNlcjpwYXNz}, {@code token ghp_…}), sent as it is.
 * Trailing whitespace (the newline a file-created Secret often ends with) is removed.
 *
 * @param secretName the Secret, in the FlinkJob's namespace
 * @param key the key in the Secret's data whose value is sent
 */
public record JarCredentials(
    @Required
    @Pattern(DNS_SUBDOMAIN)
    @JsonPropertyDescription("The Secret, in the FlinkJob's namespace, holding the credentials.")
    String secretName,
    @Required
    @Pattern(SECRET_KEY)
    @JsonPropertyDescription("The key in the Secret whose value is sent as the Authorization header: a bearer token"
        + " (no space: sent as 'Bearer <value>') or a whole header value '<scheme> <credentials>' (sent as it is).")
    String key) {

  /** A Secret's name (a DNS subdomain, as Kubernetes names Secrets). */
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /** A key of a Secret's data, as Kubernetes allows it. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /** How messages name it: {@code Secret <namespace>/<name>, key <key>} — never its value. */
  public String describe(String namespace) {
    return "Secret " + namespace + "/" + secretName + ", key " + key;
  }
}
