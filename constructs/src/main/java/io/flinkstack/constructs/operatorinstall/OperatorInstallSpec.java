package io.flinkstack.constructs.operatorinstall;

import java.util.List;
import java.util.SortedMap;

/**
 * A validated {@code FlinkOperatorInstall}: every default applied, every name checked. The objects are
 * built from this alone.
 *
 * @param namespace the operator's namespace
 * @param watchedNamespaces empty: all namespaces (cluster-scoped RBAC)
 * @param jobNamespaces namespaces that get the {@code flink} ServiceAccount, Role and RoleBinding
 * @param configuration the whole operator configuration file, keys sorted
 * @param webhook null when the webhook is off
 */
public record OperatorInstallSpec(
    String namespace,
    String image,
    String imagePullPolicy,
    List<String> imagePullSecrets,
    List<String> watchedNamespaces,
    List<String> jobNamespaces,
    int replicas,
    boolean leaderElection,
    String leaseName,
    int healthProbePort,
    SortedMap<String, String> configuration,
    String logConfiguration,
    String flinkLogConfiguration,
    String jvmArgs,
    String memory,
    String cpu,
    Webhook webhook,
    boolean installCrds) {

  /**
   * The admission webhook's TLS material, all in the operator's namespace.
   *
   * @param caBundle null: cert-manager's CA injector fills it from {@code certificateSecret}
   */
  public record Webhook(String certificateSecret, String passwordSecret, String passwordKey, String caBundle) {}

  /** Cluster-scoped: the operator watches every namespace. */
  public boolean clusterScoped() {
    return watchedNamespaces.isEmpty();
  }
}
