package io.flinkstack.schemas.apiserver;

import java.util.function.UnaryOperator;

/**
 * The name formats object kinds use: the {@code ValidateNameFunc} each kind's upstream validation passes to
 * {@code ValidateObjectMeta}.
 */
enum NameFormat {
  /** NameIsDNSSubdomain: ConfigMap, Secret, ServiceAccount, Deployment, Ingress, custom resources, most kinds. */
  DNS_SUBDOMAIN("a DNS-1123 subdomain", Formats::dns1123Subdomain),
  /** NameIsDNSLabel: Namespace, and StatefulSet since Kubernetes 1.27 (its name becomes each pod's hostname). */
  DNS_LABEL("a DNS-1123 label", Formats::dns1123Label),
  /** NameIsDNS1035Label: Service, whose name becomes a DNS label that must start with a letter. */
  DNS1035_LABEL("a DNS-1035 label", Formats::dns1035Label),
  /**
   * The floor every kind meets (the generic registry's ValidatePathSegmentName in rest.BeforeCreate); RBAC kinds
   * and PodDisruptionBudget validate nothing stricter.
   */
  PATH_SEGMENT("a path segment", Formats::pathSegmentName);

  private final String description;
  private final UnaryOperator<String> check;

  NameFormat(String description, UnaryOperator<String> check) {
    this.description = description;
    this.check = check;
  }

  String description() {
    return description;
  }

  /** Null when {@code name} is valid, else what is wrong. */
  String problem(String name) {
    return check.apply(name);
  }

  /**
   * A generateName prefix: the same format, except that a trailing '-' is fine because a random suffix follows
   * (apimachinery's maskTrailingDash).
   */
  String prefixProblem(String prefix) {
    if (this == PATH_SEGMENT) {
      return prefix.contains("/") || prefix.contains("%") ? "may not contain '/' or '%'" : null;
    }
    String masked = prefix.length() > 1 && prefix.endsWith("-")
        ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
    return check.apply(masked);
  }
}
