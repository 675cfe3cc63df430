package io.flinkstack.constructs;

import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link FlinkOperatorInstall} needs: the Apache Flink Kubernetes Operator, its CRDs, RBAC and
 * configuration, without Helm. Immutable; build it with {@code builder()} or through {@link
 * FlinkOperatorInstall.Builder}; every property has a default. Nothing is checked here: {@link FlinkOperatorInstall}
 * validates all properties at once and reports every problem.
 */
@Props
final class FlinkOperatorInstallPropsDeclaration {
  /** The operator release whose CRDs flinkstack ships (flink-kubernetes-operator-api). */
  public static final String DEFAULT_IMAGE = "apache/flink-kubernetes-operator:1.10.0";
  public static final String DEFAULT_NAMESPACE = "flink-operator";
  public static final String DEFAULT_LEASE_NAME = "flink-operator-lease";
  public static final int DEFAULT_HEALTH_PROBE_PORT = 8085;

  /**
   * The operator's own namespace; it must exist before the manifest is applied.
   *
   * @default {@code flink-operator}
   */
  String namespace = DEFAULT_NAMESPACE;

  /**
   * The operator image.
   *
   * @default {@code apache/flink-kubernetes-operator:1.10.0}, matching the CRDs
   */
  String image = DEFAULT_IMAGE;

  /**
   * Pull policy of the operator container.
   *
   * @default {@code IF_NOT_PRESENT}
   */
  ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;

  /**
   * Names of docker-registry Secrets in the operator's namespace.
   *
   * @default none
   */
  List<String> imagePullSecrets = List.of();

  /**
   * Namespaces whose FlinkDeployments and FlinkSessionJobs the operator manages. Empty: all namespaces, with a
   * ClusterRole; otherwise a Role per namespace and nothing cluster-wide.
   *
   * @default empty: every namespace
   */
  List<String> watchedNamespaces = List.of();

  /**
   * Cluster-scoped installs only: namespaces that get the {@code flink} ServiceAccount and Role the Flink pods run
   * with. A namespaced install gives every watched namespace one. Null is kept.
   *
   * @default null: the operator's namespace
   */
  @Prop(keepNull = true)
  List<String> jobNamespaces;

  /**
   * Operator pods; more than one needs {@code leaderElection}.
   *
   * @default 1
   */
  Integer replicas = 1;

  /**
   * One active operator and standbys, through a Lease in the operator's namespace.
   *
   * @default false
   */
  Boolean leaderElection = false;

  /**
   * The leader election Lease.
   *
   * @default {@code flink-operator-lease}
   */
  String leaseName = DEFAULT_LEASE_NAME;

  /**
   * {@code kubernetes.operator.reconcile.interval}.
   *
   * @default {@code 15 s}, as the Helm chart ships (the operator's own default is 60 s)
   */
  String reconcileInterval = "15 s";

  /**
   * {@code kubernetes.operator.observer.progress-check.interval}.
   *
   * @default {@code 5 s}, as the Helm chart ships (the operator's own default is 10 s)
   */
  String progressCheckInterval = "5 s";

  /**
   * {@code kubernetes.operator.savepoint.history.max.count} (the operator's default, written out so the ConfigMap
   * says what is in force).
   *
   * @default 10
   */
  Integer savepointHistoryMaxCount = 10;

  /**
   * {@code kubernetes.operator.savepoint.history.max.age} (the operator's default, written out).
   *
   * @default {@code 24 h}
   */
  String savepointHistoryMaxAge = "24 h";

  /**
   * Port of the operator's health endpoint, probed by Kubernetes.
   *
   * @default 8085
   */
  Integer healthProbePort = DEFAULT_HEALTH_PROBE_PORT;

  /**
   * Any operator configuration key ({@code kubernetes.operator.*}, Flink defaults); it wins over every key
   * flinkstack derives, except those that RBAC or probes follow. Kept in insertion order.
   *
   * @default none
   */
  Map<String, String> configuration = Map.of();

  /**
   * The operator's whole {@code log4j-operator.properties}.
   *
   * @default flinkstack's console logging for the operator
   */
  String logConfiguration;

  /**
   * The {@code log4j-console.properties} the operator gives the Flink clusters it creates.
   *
   * @default flinkstack's console logging
   */
  String flinkLogConfiguration;

  /**
   * {@code JVM_ARGS} of the operator (and webhook) JVMs, e.g. {@code -XX:MaxRAMPercentage=70}.
   *
   * @default none
   */
  String jvmArgs;

  /**
   * Memory request and limit of the operator container.
   *
   * @default {@code 1Gi}
   */
  String memory = "1Gi";

  /**
   * CPU request of the operator container (no CPU limit, so it is never throttled).
   *
   * @default {@code 500m}
   */
  String cpu = "500m";

  /**
   * The validating and mutating admission webhook. It serves TLS from a keystore in {@code
   * webhookCertificateSecret}, which must exist first (cert-manager can make it).
   *
   * @default false
   */
  Boolean webhook = false;

  /**
   * Secret in the operator's namespace holding {@code keystore.p12} (and {@code ca.crt}) for the webhook.
   *
   * @default none
   */
  String webhookCertificateSecret;

  /**
   * Secret in the operator's namespace holding the keystore's password.
   *
   * @default none
   */
  String webhookKeystorePasswordSecret;

  /**
   * Key of the password in {@code webhookKeystorePasswordSecret}.
   *
   * @default {@code password}
   */
  String webhookKeystorePasswordKey = "password";

  /**
   * Base64 PEM of the CA that signed the webhook's certificate.
   *
   * @default none: the webhook configurations ask cert-manager's CA injector to fill it from the certificate Secret
   */
  String webhookCaBundle;

  /**
   * Whether to install the FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot CRDs.
   *
   * @default true
   */
  Boolean installCrds = true;
}
