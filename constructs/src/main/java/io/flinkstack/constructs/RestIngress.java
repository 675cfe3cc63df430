package io.flinkstack.constructs;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An Ingress in front of the REST API and web UI. */
public final class RestIngress {
  private final String host;
  private final String path;
  private final String ingressClassName;
  private final String tlsSecretName;
  private final Map<String, String> annotations;
  private final RestProtection protection;

  private RestIngress(Builder b) {
    protection = b.protection;
    host = b.host;
    path = b.path;
    ingressClassName = b.ingressClassName;
    tlsSecretName = b.tlsSecretName;
    annotations = b.annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.annotations));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String getHost() {
    return host;
  }

  public String getPath() {
    return path;
  }

  public String getIngressClassName() {
    return ingressClassName;
  }

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  /** What protects the REST API behind this Ingress; null when not declared. */
  public RestProtection getProtection() {
    return protection;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  /** Builder of {@link RestIngress}. */
  public static final class Builder {
    private String host;
    private String path = "/";
    private String ingressClassName;
    private String tlsSecretName;
    private Map<String, String> annotations = Map.of();
    private RestProtection protection;

    private Builder() {}

    /** Host name, e.g. {@code flink.example.com} (required). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Path prefix (default {@code /}). */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** IngressClass, e.g. {@code nginx}; default: the cluster's default class. */
    public Builder ingressClassName(String ingressClassName) {
      this.ingressClassName = ingressClassName;
      return this;
    }

    /** Secret with the TLS certificate for {@code host}; default: plain HTTP. */
    public Builder tlsSecretName(String tlsSecretName) {
      this.tlsSecretName = tlsSecretName;
      return this;
    }

    /** Annotations for the ingress controller. */
    public Builder annotations(Map<String, String> annotations) {
      this.annotations = annotations;
      return this;
    }

    /**
     * What authenticates the Ingress' requests: required unless the annotations already configure an authentication
     * flinkstack recognizes (ingress-nginx {@code auth-url}/{@code auth-type}, Traefik middlewares, AWS ALB
     * {@code auth-type}); see {@link RestProtection}.
     */
    public Builder protectedBy(RestProtection protection) {
      this.protection = protection;
      return this;
    }

    public RestIngress build() {
      return new RestIngress(this);
    }
  }
}
