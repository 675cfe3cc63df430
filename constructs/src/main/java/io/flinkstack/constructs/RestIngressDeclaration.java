package io.flinkstack.constructs;

import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;
import java.util.Map;

/** An Ingress in front of the REST API and web UI. */
@Props(name = "RestIngress")
final class RestIngressDeclaration {
  /** Host name, e.g. {@code flink.example.com} (required). */
  String host;

  /** Path prefix (default {@code /}). */
  String path = "/";

  /** IngressClass, e.g. {@code nginx}; default: the cluster's default class. */
  String ingressClassName;

  /** Secret with the TLS certificate for {@code host}; default: plain HTTP. */
  String tlsSecretName;

  /** Annotations for the ingress controller. */
  @Prop(sorted = true)
  Map<String, String> annotations = Map.of();

  /**
   * What authenticates the Ingress' requests: required unless the annotations already configure an authentication
   * flinkstack recognizes (ingress-nginx {@code auth-url}/{@code auth-type}, Traefik middlewares, AWS ALB
   * {@code auth-type}); see {@link RestProtection}. Null when not declared.
   */
  @Prop(setter = "protectedBy")
  RestProtection protection;
}
