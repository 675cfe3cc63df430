package io.flinkstack.constructs;

/** How the JobManager's REST API and web UI are exposed. */
public final class RestService {
  private final String type;
  private final Integer nodePort;
  private final RestProtection protection;

  private RestService(String type, Integer nodePort) {
    this(type, nodePort, null);
  }

  private RestService(String type, Integer nodePort, RestProtection protection) {
    this.type = type;
    this.nodePort = nodePort;
    this.protection = protection;
  }

  /**
   * The same exposure, with what protects it: required for NodePort and LoadBalancer (see {@link RestProtection}),
   * e.g. {@code RestService.loadBalancer().protectedBy(RestProtection.authenticatedBy("the LB's mTLS listener"))}.
   */
  public RestService protectedBy(RestProtection protection) {
    return new RestService(type, nodePort, protection);
  }

  /** What protects a NodePort or LoadBalancer exposure; null when not declared. */
  public RestProtection protection() {
    return protection;
  }

  /** Reachable inside the cluster only (the default). */
  public static RestService clusterIp() {
    return new RestService("ClusterIP", null);
  }

  /** On every node's {@code nodePort} (30000–32767). */
  public static RestService nodePort(int nodePort) {
    return new RestService("NodePort", nodePort);
  }

  /** On a port the cluster picks for a NodePort service. */
  public static RestService nodePort() {
    return new RestService("NodePort", null);
  }

  /** Through the cloud's load balancer. */
  public static RestService loadBalancer() {
    return new RestService("LoadBalancer", null);
  }

  /** The Kubernetes Service type. */
  public String type() {
    return type;
  }

  /** The fixed node port, or null to let Kubernetes pick one. */
  public Integer fixedNodePort() {
    return nodePort;
  }
}
