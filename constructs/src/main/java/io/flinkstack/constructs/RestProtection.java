package io.flinkstack.constructs;

/**
 * What protects the REST API when it is exposed outside the cluster (NodePort, LoadBalancer, Ingress). Flink's REST
 * API has no authentication and accepts jobs ({@code POST /jobs} with a job graph and its jars; jar upload and run
 * where web submission is on): whoever reaches it runs code in the cluster with the pods' service account. An
 * exposure therefore needs an explicit choice, written where it is declared.
 */
public final class RestProtection {
  private final String authentication;

  private RestProtection(String authentication) {
    this.authentication = authentication;
  }

  /**
   * Something in front authenticates every request, described for reviewers, e.g. {@code "oauth2-proxy via the
   * internal-sso ingress class"} or {@code "the load balancer's mTLS listener"}.
   */
  public static RestProtection authenticatedBy(String how) {
    return new RestProtection(how == null ? "" : how);
  }

  /** Nothing authenticates: a written acknowledgement that anyone who reaches the port can run code. */
  public static RestProtection unauthenticated() {
    return new RestProtection(null);
  }

  /** The description of what authenticates, or null when unauthenticated. */
  public String getAuthentication() {
    return authentication;
  }

  public boolean isAuthenticated() {
    return authentication != null;
  }
}
