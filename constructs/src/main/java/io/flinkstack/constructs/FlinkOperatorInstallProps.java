package io.flinkstack.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link FlinkOperatorInstall} needs: the Apache Flink Kubernetes Operator, its CRDs, RBAC
 * and configuration, without Helm. Immutable; build it with {@link #builder()} or through {@link
 * FlinkOperatorInstall.Builder}. Nothing is checked here: {@link FlinkOperatorInstall} validates all
 * properties at once and reports every problem.
 */
public final class FlinkOperatorInstallProps {
  /** The operator release whose CRDs flinkstack ships (flink-kubernetes-operator-api). */
  public static final String DEFAULT_IMAGE = "apache/flink-kubernetes-operator:1.10.0";
  public static final String DEFAULT_NAMESPACE = "flink-operator";
  public static final String DEFAULT_LEASE_NAME = "flink-operator-lease";
  public static final int DEFAULT_HEALTH_PROBE_PORT = 8085;

  private final String namespace;
  private final String image;
  private final ImagePullPolicy imagePullPolicy;
  private final List<String> imagePullSecrets;
  private final List<String> watchedNamespaces;
  private final List<String> jobNamespaces;
  private final Integer replicas;
  private final Boolean leaderElection;
  private final String leaseName;
  private final String reconcileInterval;
  private final String progressCheckInterval;
  private final Integer savepointHistoryMaxCount;
  private final String savepointHistoryMaxAge;
  private final Integer healthProbePort;
  private final Map<String, String> configuration;
  private final String logConfiguration;
  private final String flinkLogConfiguration;
  private final String jvmArgs;
  private final String memory;
  private final String cpu;
  private final Boolean webhook;
  private final String webhookCertificateSecret;
  private final String webhookKeystorePasswordSecret;
  private final String webhookKeystorePasswordKey;
  private final String webhookCaBundle;
  private final Boolean installCrds;

  FlinkOperatorInstallProps(BuilderBase<?> b) {
    namespace = b.namespace;
    image = b.image;
    imagePullPolicy = b.imagePullPolicy;
    imagePullSecrets = copy(b.imagePullSecrets);
    watchedNamespaces = copy(b.watchedNamespaces);
    jobNamespaces = b.jobNamespaces == null ? null : copy(b.jobNamespaces);
    replicas = b.replicas;
    leaderElection = b.leaderElection;
    leaseName = b.leaseName;
    reconcileInterval = b.reconcileInterval;
    progressCheckInterval = b.progressCheckInterval;
    savepointHistoryMaxCount = b.savepointHistoryMaxCount;
    savepointHistoryMaxAge = b.savepointHistoryMaxAge;
    healthProbePort = b.healthProbePort;
    // Insertion order; a null key is reported by validation, so it cannot go into a sorted map here.
    configuration = b.configuration == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.configuration));
    logConfiguration = b.logConfiguration;
    flinkLogConfiguration = b.flinkLogConfiguration;
    jvmArgs = b.jvmArgs;
    memory = b.memory;
    cpu = b.cpu;
    webhook = b.webhook;
    webhookCertificateSecret = b.webhookCertificateSecret;
    webhookKeystorePasswordSecret = b.webhookKeystorePasswordSecret;
    webhookKeystorePasswordKey = b.webhookKeystorePasswordKey;
    webhookCaBundle = b.webhookCaBundle;
    installCrds = b.installCrds;
  }

  private static List<String> copy(List<String> list) {
    // Nulls are kept: validation names them instead of failing here.
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The operator's own namespace (it must exist). */
  public String getNamespace() {
    return namespace;
  }

  public String getImage() {
    return image;
  }

  public ImagePullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public List<String> getImagePullSecrets() {
    return imagePullSecrets;
  }

  /** Empty: every namespace, with cluster-scoped RBAC. */
  public List<String> getWatchedNamespaces() {
    return watchedNamespaces;
  }

  /** Null: the operator's namespace (cluster-scoped installs only; a namespaced install uses the watched ones). */
  public List<String> getJobNamespaces() {
    return jobNamespaces;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public Boolean getLeaderElection() {
    return leaderElection;
  }

  public String getLeaseName() {
    return leaseName;
  }

  public String getReconcileInterval() {
    return reconcileInterval;
  }

  public String getProgressCheckInterval() {
    return progressCheckInterval;
  }

  public Integer getSavepointHistoryMaxCount() {
    return savepointHistoryMaxCount;
  }

  public String getSavepointHistoryMaxAge() {
    return savepointHistoryMaxAge;
  }

  public Integer getHealthProbePort() {
    return healthProbePort;
  }

  /** Extra operator configuration; it wins over every key flinkstack derives, except those that RBAC or probes follow. */
  public Map<String, String> getConfiguration() {
    return configuration;
  }

  /** Null: flinkstack's console logging for the operator. */
  public String getLogConfiguration() {
    return logConfiguration;
  }

  /** Null: flinkstack's console logging for the Flink clusters the operator creates. */
  public String getFlinkLogConfiguration() {
    return flinkLogConfiguration;
  }

  public String getJvmArgs() {
    return jvmArgs;
  }

  public String getMemory() {
    return memory;
  }

  public String getCpu() {
    return cpu;
  }

  public Boolean getWebhook() {
    return webhook;
  }

  public String getWebhookCertificateSecret() {
    return webhookCertificateSecret;
  }

  public String getWebhookKeystorePasswordSecret() {
    return webhookKeystorePasswordSecret;
  }

  public String getWebhookKeystorePasswordKey() {
    return webhookKeystorePasswordKey;
  }

  /** Null: cert-manager's CA injector fills the webhooks' caBundle from the certificate Secret. */
  public String getWebhookCaBundle() {
    return webhookCaBundle;
  }

  public Boolean getInstallCrds() {
    return installCrds;
  }

  /**
   * The properties and their defaults, shared by {@link Builder} and {@link FlinkOperatorInstall.Builder}.
   *
   * @param <B> the concrete builder, returned by every setter
   */
  public abstract static class BuilderBase<B extends BuilderBase<B>> {
    private String namespace = DEFAULT_NAMESPACE;
    private String image = DEFAULT_IMAGE;
    private ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;
    private List<String> imagePullSecrets = List.of();
    private List<String> watchedNamespaces = List.of();
    private List<String> jobNamespaces;
    private Integer replicas = 1;
    private Boolean leaderElection = false;
    private String leaseName = DEFAULT_LEASE_NAME;
    // The Helm chart's shipped values (the operator's own defaults are 60 s and 10 s).
    private String reconcileInterval = "15 s";
    private String progressCheckInterval = "5 s";
    // The operator's defaults, written out so the ConfigMap says what is in force.
    private Integer savepointHistoryMaxCount = 10;
    private String savepointHistoryMaxAge = "24 h";
    private Integer healthProbePort = DEFAULT_HEALTH_PROBE_PORT;
    private Map<String, String> configuration = Map.of();
    private String logConfiguration;
    private String flinkLogConfiguration;
    private String jvmArgs;
    private String memory = "1Gi";
    private String cpu = "500m";
    private Boolean webhook = false;
    private String webhookCertificateSecret;
    private String webhookKeystorePasswordSecret;
    private String webhookKeystorePasswordKey = "password";
    private String webhookCaBundle;
    private Boolean installCrds = true;

    protected BuilderBase() {}

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /** The operator's namespace (default {@code flink-operator}); it must exist before the manifest is applied. */
    public B namespace(String namespace) {
      this.namespace = namespace;
      return self();
    }

    /** The operator image (default {@code apache/flink-kubernetes-operator:1.10.0}, matching the CRDs). */
    public B image(String image) {
      this.image = image;
      return self();
    }

    public B imagePullPolicy(ImagePullPolicy imagePullPolicy) {
      this.imagePullPolicy = imagePullPolicy;
      return self();
    }

    /** Names of docker-registry Secrets in the operator's namespace. */
    public B imagePullSecrets(List<String> imagePullSecrets) {
      this.imagePullSecrets = imagePullSecrets;
      return self();
    }

    /**
     * Namespaces whose FlinkDeployments and FlinkSessionJobs the operator manages. Empty (the default):
     * all namespaces, with a ClusterRole; otherwise a Role per namespace and nothing cluster-wide.
     */
    public B watchedNamespaces(List<String> watchedNamespaces) {
      this.watchedNamespaces = watchedNamespaces;
      return self();
    }

    /**
     * Cluster-scoped installs only: namespaces that get the {@code flink} ServiceAccount and Role the Flink
     * pods run with (default: the operator's namespace). A namespaced install gives every watched namespace one.
     */
    public B jobNamespaces(List<String> jobNamespaces) {
      this.jobNamespaces = jobNamespaces;
      return self();
    }

    /** Operator pods (default 1); more than one needs {@link #leaderElection(Boolean)}. */
    public B replicas(Integer replicas) {
      this.replicas = replicas;
      return self();
    }

    /** One active operator and standbys, through a Lease in the operator's namespace (default off). */
    public B leaderElection(Boolean leaderElection) {
      this.leaderElection = leaderElection;
      return self();
    }

    /** The leader election Lease (default {@code flink-operator-lease}). */
    public B leaseName(String leaseName) {
      this.leaseName = leaseName;
      return self();
    }

    /** {@code kubernetes.operator.reconcile.interval} (default {@code 15 s}, as the Helm chart ships). */
    public B reconcileInterval(String reconcileInterval) {
      this.reconcileInterval = reconcileInterval;
      return self();
    }

    /** {@code kubernetes.operator.observer.progress-check.interval} (default {@code 5 s}, as the Helm chart). */
    public B progressCheckInterval(String progressCheckInterval) {
      this.progressCheckInterval = progressCheckInterval;
      return self();
    }

    /** {@code kubernetes.operator.savepoint.history.max.count} (default 10). */
    public B savepointHistoryMaxCount(Integer savepointHistoryMaxCount) {
      this.savepointHistoryMaxCount = savepointHistoryMaxCount;
      return self();
    }

    /** {@code kubernetes.operator.savepoint.history.max.age} (default {@code 24 h}). */
    public B savepointHistoryMaxAge(String savepointHistoryMaxAge) {
      this.savepointHistoryMaxAge = savepointHistoryMaxAge;
      return self();
    }

    /** Port of the operator's health endpoint, probed by Kubernetes (default 8085). */
    public B healthProbePort(Integer healthProbePort) {
      this.healthProbePort = healthProbePort;
      return self();
    }

    /** Any operator configuration key ({@code kubernetes.operator.*}, Flink defaults); wins over derived keys. */
    public B configuration(Map<String, String> configuration) {
      this.configuration = configuration;
      return self();
    }

    /** The operator's whole {@code log4j-operator.properties}. */
    public B logConfiguration(String logConfiguration) {
      this.logConfiguration = logConfiguration;
      return self();
    }

    /** The {@code log4j-console.properties} the operator gives the Flink clusters it creates. */
    public B flinkLogConfiguration(String flinkLogConfiguration) {
      this.flinkLogConfiguration = flinkLogConfiguration;
      return self();
    }

    /** {@code JVM_ARGS} of the operator (and webhook) JVMs, e.g. {@code -XX:MaxRAMPercentage=70}. */
    public B jvmArgs(String jvmArgs) {
      this.jvmArgs = jvmArgs;
      return self();
    }

    /** Memory request and limit of the operator container (default {@code 1Gi}). */
    public B memory(String memory) {
      this.memory = memory;
      return self();
    }

    /** CPU request of the operator container (default {@code 500m}; no CPU limit, so it is never throttled). */
    public B cpu(String cpu) {
      this.cpu = cpu;
      return self();
    }

    /**
     * The validating and mutating admission webhook (default off). It serves TLS from a keystore in {@link
     * #webhookCertificateSecret(String)}, which must exist first (cert-manager can make it).
     */
    public B webhook(Boolean webhook) {
      this.webhook = webhook;
      return self();
    }

    /** Secret in the operator's namespace holding {@code keystore.p12} (and {@code ca.crt}) for the webhook. */
    public B webhookCertificateSecret(String webhookCertificateSecret) {
      this.webhookCertificateSecret = webhookCertificateSecret;
      return self();
    }

    /** Secret in the operator's namespace holding the keystore's password. */
    public B webhookKeystorePasswordSecret(String webhookKeystorePasswordSecret) {
      this.webhookKeystorePasswordSecret = webhookKeystorePasswordSecret;
      return self();
    }

    /** Key of the password in {@link #webhookKeystorePasswordSecret(String)} (default {@code password}). */
    public B webhookKeystorePasswordKey(String webhookKeystorePasswordKey) {
      this.webhookKeystorePasswordKey = webhookKeystorePasswordKey;
      return self();
    }

    /**
     * Base64 PEM of the CA that signed the webhook's certificate. Default: none, and the webhook
     * configurations ask cert-manager's CA injector to fill it from the certificate Secret.
     */
    public B webhookCaBundle(String webhookCaBundle) {
      this.webhookCaBundle = webhookCaBundle;
      return self();
    }

    /** Whether to install the FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot CRDs (default true). */
    public B installCrds(Boolean installCrds) {
      this.installCrds = installCrds;
      return self();
    }
  }

  /** Builder of {@link FlinkOperatorInstallProps}; every property has a default. */
  public static final class Builder extends BuilderBase<Builder> {
    private Builder() {}

    public FlinkOperatorInstallProps build() {
      return new FlinkOperatorInstallProps(this);
    }
  }
}
