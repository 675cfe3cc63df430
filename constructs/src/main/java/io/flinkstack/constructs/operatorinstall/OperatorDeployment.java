package io.flinkstack.constructs.operatorinstall;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's ServiceAccount, configuration and Deployment. The container contract (entrypoint
 * argument, environment, config directory, health port) is the one the operator image and its Helm chart
 * agree on; the security context is stricter than the chart's (restricted Pod Security Standard).
 */
public final class OperatorDeployment {
  /** The image's user and group (the Dockerfile's {@code flink} user). */
  static final long OPERATOR_UID = 9999;
  static final String CONFIG_HASH_ANNOTATION = "flinkstack.io/config-sha256";
  private static final String ENTRYPOINT = "/docker-entrypoint.sh";
  private static final String LOG_CONFIG = "-Dlog4j.configurationFile=" + OperatorNames.CONF_DIR + "/"
      + OperatorNames.OPERATOR_LOG_FILE;
  private static final String CONFIG_VOLUME = "flink-operator-config-volume";
  private static final String ARTIFACTS_VOLUME = "flink-artifacts-volume";
  private static final String TMP_VOLUME = "tmp";
  private static final String WEBHOOK_TMP_VOLUME = "webhook-tmp";
  private static final String KEYSTORE_VOLUME = "keystore";
  private static final String KEYSTORE_DIR = "/certs";
  private static final String KEYSTORE_FILE = "keystore.p12";
  private static final String HEALTH_PORT_NAME = "health-port";

  private OperatorDeployment() {}

  static ServiceAccount serviceAccount(OperatorInstallSpec spec) {
    return new ServiceAccountBuilder()
        .withMetadata(OperatorRbac.meta(OperatorNames.SERVICE_ACCOUNT, spec.namespace(), OperatorNames.labels()))
        .build();
  }

  static ConfigMap configMap(OperatorInstallSpec spec) {
    Map<String, String> data = new TreeMap<>();
    data.put(OperatorNames.CONFIG_FILE, OperatorConfiguration.render(spec.configuration()));
    data.put(OperatorNames.OPERATOR_LOG_FILE, spec.logConfiguration());
    // The operator hands this file to every Flink cluster it creates as the default logging.
    data.put(OperatorNames.FLINK_LOG_FILE, spec.flinkLogConfiguration());
    return new ConfigMapBuilder()
        .withMetadata(OperatorRbac.meta(OperatorNames.CONFIG_MAP, spec.namespace(), OperatorNames.labels()))
        .withData(data)
        .build();
  }

  static Deployment deployment(OperatorInstallSpec spec, ConfigMap config) {
    List<Container> containers = new ArrayList<>(List.of(operatorContainer(spec)));
    List<Volume> volumes = new ArrayList<>(List.of(
        new VolumeBuilder().withName(CONFIG_VOLUME).withNewConfigMap().withName(OperatorNames.CONFIG_MAP)
            .endConfigMap().build(),
        // Jars of FlinkSessionJobs are downloaded here before they are uploaded to the session cluster.
        emptyDir(ARTIFACTS_VOLUME),
        emptyDir(TMP_VOLUME)));
    if (spec.webhook() != null) {
      containers.add(webhookContainer(spec));
      volumes.add(new VolumeBuilder().withName(KEYSTORE_VOLUME).withNewSecret()
          .withSecretName(spec.webhook().certificateSecret())
          .addNewItem().withKey(KEYSTORE_FILE).withPath(KEYSTORE_FILE).endItem()
          .endSecret().build());
      volumes.add(emptyDir(WEBHOOK_TMP_VOLUME));
    }
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("kubectl.kubernetes.io/default-container", OperatorNames.OPERATOR_CONTAINER);
    // Restart on a configuration change: the operator re-reads most keys itself, but not all (e.g. the
    // watched namespaces without kubernetes.operator.dynamic.namespaces.enabled).
    annotations.put(CONFIG_HASH_ANNOTATION, sha256(config.getData().get(OperatorNames.CONFIG_FILE)));
    List<LocalObjectReference> pullSecrets = spec.imagePullSecrets().stream().map(LocalObjectReference::new).toList();
    return new DeploymentBuilder()
        .withMetadata(OperatorRbac.meta(OperatorNames.DEPLOYMENT, spec.namespace(), OperatorNames.labels()))
        .withNewSpec()
        .withReplicas(spec.replicas())
        // Without leader election two operators must never overlap, not even during a rollout.
        .withNewStrategy().withType(spec.leaderElection() ? "RollingUpdate" : "Recreate").endStrategy()
        .withNewSelector().withMatchLabels(OperatorNames.selector()).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(OperatorNames.labels()).withAnnotations(annotations).endMetadata()
        .withNewSpec()
        .withServiceAccountName(OperatorNames.SERVICE_ACCOUNT)
        .withImagePullSecrets(pullSecrets)
        .withSecurityContext(new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(OPERATOR_UID)
            .withRunAsGroup(OPERATOR_UID)
            .withFsGroup(OPERATOR_UID)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build())
        .withContainers(containers)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container operatorContainer(OperatorInstallSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(fieldRef("OPERATOR_NAMESPACE", "metadata.namespace"));
    env.add(fieldRef("HOST_IP", "status.hostIP"));
    env.add(fieldRef("POD_IP", "status.podIP"));
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(value("OPERATOR_NAME", OperatorNames.DEPLOYMENT));
    env.addAll(commonEnv(spec));
    Probe liveness = healthProbe().withInitialDelaySeconds(30).withPeriodSeconds(10).build();
    // Up to 5 minutes to start (informers on every watched namespace), then liveness takes over.
    Probe startup = healthProbe().withPeriodSeconds(10).withFailureThreshold(30).build();
    return new ContainerBuilder()
        .withName(OperatorNames.OPERATOR_CONTAINER)
        .withImage(spec.image())
        .withImagePullPolicy(spec.imagePullPolicy())
        .withCommand(ENTRYPOINT, "operator")
        .addNewPort().withName(HEALTH_PORT_NAME).withContainerPort(spec.healthProbePort()).withProtocol("TCP").endPort()
        .withEnv(env)
        .withResources(resources(spec.memory(), spec.cpu()))
        .withSecurityContext(containerSecurity())
        .withVolumeMounts(
            mount(CONFIG_VOLUME, OperatorNames.CONF_DIR, true),
            mount(ARTIFACTS_VOLUME, "/opt/flink/artifacts", false),
            mount(TMP_VOLUME, "/tmp", false))
        .withLivenessProbe(liveness)
        .withStartupProbe(startup)
        .build();
  }

  private static Container webhookContainer(OperatorInstallSpec spec) {
    OperatorInstallSpec.Webhook webhook = spec.webhook();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("WEBHOOK_KEYSTORE_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
        .withName(webhook.passwordSecret()).withKey(webhook.passwordKey()).endSecretKeyRef().endValueFrom().build());
    env.add(value("WEBHOOK_KEYSTORE_FILE", KEYSTORE_DIR + "/" + KEYSTORE_FILE));
    env.add(value("WEBHOOK_KEYSTORE_TYPE", "pkcs12"));
    env.add(value("WEBHOOK_SERVER_PORT", Integer.toString(OperatorNames.WEBHOOK_PORT)));
    env.add(fieldRef("OPERATOR_NAMESPACE", "metadata.namespace"));
    env.addAll(commonEnv(spec));
    return new ContainerBuilder()
        .withName(OperatorNames.WEBHOOK_CONTAINER)
        .withImage(spec.image())
        .withImagePullPolicy(spec.imagePullPolicy())
        .withCommand(ENTRYPOINT, "webhook")
        .addNewPort().withName("webhook").withContainerPort(OperatorNames.WEBHOOK_PORT).withProtocol("TCP").endPort()
        .withEnv(env)
        .withResources(resources("512Mi", "100m"))
        .withSecurityContext(containerSecurity())
        // The webhook re-reads keystore.p12 when the Secret changes (certificate renewal): mount the whole
        // directory, never a subPath, or the kubelet's update would not reach it.
        .withVolumeMounts(
            mount(KEYSTORE_VOLUME, KEYSTORE_DIR, true),
            mount(CONFIG_VOLUME, OperatorNames.CONF_DIR, true),
            mount(WEBHOOK_TMP_VOLUME, "/tmp", false))
        // The API server fails admission while no webhook pod is ready: route only to listening ones.
        .withReadinessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("webhook")).endTcpSocket()
            .withPeriodSeconds(10).build())
        .build();
  }

  /** The variables both JVMs read in the image's entrypoint and at start. */
  private static List<EnvVar> commonEnv(OperatorInstallSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(value("FLINK_CONF_DIR", OperatorNames.CONF_DIR));
    env.add(value("FLINK_PLUGINS_DIR", "/opt/flink/plugins"));
    env.add(value("LOG_CONFIG", LOG_CONFIG));
    if (spec.jvmArgs() != null) {
      env.add(value("JVM_ARGS", spec.jvmArgs()));
    }
    return env;
  }

  private static ProbeBuilder healthProbe() {
    return new ProbeBuilder().withNewHttpGet().withPath("/").withPort(new IntOrString(HEALTH_PORT_NAME)).endHttpGet();
  }

  /** Memory request = limit (the JVM sizes its heap from the limit); CPU request only, so no throttling. */
  private static ResourceRequirements resources(String memory, String cpu) {
    return new ResourceRequirementsBuilder()
        .withRequests(Map.of("memory", new Quantity(memory), "cpu", new Quantity(cpu)))
        .withLimits(Map.of("memory", new Quantity(memory)))
        .build();
  }

  /** Restricted Pod Security Standard, plus a read-only root file system (/tmp is an emptyDir). */
  private static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? true : null).build();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
        .endValueFrom().build();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
