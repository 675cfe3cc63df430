package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.flinkstack.constructs.units.Cpu;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkPorts;
import io.flinkstack.contract.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Kubernetes objects of a standalone application-mode cluster, as Flink's Kubernetes documentation
 * lays it out: configuration, a JobManager running {@code standalone-job}, TaskManagers, their Services.
 * Pure Java (fabric8's model): the constructs hand these to cdk8s, and the synth benchmark writes them
 * directly as its baseline.
 */
public final class ApplicationManifests {
  static final String CONFIG_VOLUME = "flink-config";
  static final String CONFIG_DIR = "/opt/flink/conf";
  static final String LOG_CONFIG_FILE = "log4j-console.properties";
  /** The uid and gid of the user in the official Flink images. */
  static final long FLINK_UID = 9999;

  private ApplicationManifests() {}

  /** Objects in apply order: identity and configuration first, then Services, then workloads. */
  public static List<HasMetadata> build(ClusterSpec spec) {
    List<HasMetadata> objects = new ArrayList<>();
    String name = spec.name();
    objects.add(
        new ServiceAccountBuilder()
            .withMetadata(meta(spec, ClusterNames.serviceAccount(name), null))
            // Standalone Flink without Kubernetes HA never calls the API server.
            .withAutomountServiceAccountToken(false)
            .build());
    objects.add(
        new ConfigMapBuilder()
            .withMetadata(meta(spec, ClusterNames.config(name), null))
            .withData(configFiles(spec))
            .build());
    objects.add(
        new ServiceBuilder()
            .withMetadata(meta(spec, ClusterNames.jobManager(name), Labels.COMPONENT_JOBMANAGER))
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(selector(spec, Labels.COMPONENT_JOBMANAGER))
            .withPorts(
                servicePort("rpc", FlinkPorts.JOBMANAGER_RPC, null),
                servicePort("blob", FlinkPorts.BLOB_SERVER, null))
            .endSpec()
            .build());
    objects.add(
        new ServiceBuilder()
            .withMetadata(meta(spec, ClusterNames.restService(name), Labels.COMPONENT_JOBMANAGER))
            .withNewSpec()
            .withType(spec.restService().type())
            .withSelector(selector(spec, Labels.COMPONENT_JOBMANAGER))
            .withPorts(servicePort("rest", FlinkPorts.REST, spec.restService().fixedNodePort()))
            .endSpec()
            .build());
    objects.add(
        new ServiceBuilder()
            .withMetadata(meta(spec, ClusterNames.taskManager(name), Labels.COMPONENT_TASKMANAGER))
            .withNewSpec()
            // Headless: the StatefulSet's governing Service, giving each TaskManager a stable DNS name.
            .withClusterIP("None")
            .withSelector(selector(spec, Labels.COMPONENT_TASKMANAGER))
            .withPorts(servicePort("rpc", FlinkPorts.TASKMANAGER_RPC, null))
            .endSpec()
            .build());
    objects.add(jobManager(spec));
    objects.add(taskManager(spec));
    return objects;
  }

  private static HasMetadata jobManager(ClusterSpec spec) {
    List<String> args = new ArrayList<>();
    args.add("standalone-job");
    if (spec.entryClass() != null) {
      args.add("--job-classname");
      args.add(spec.entryClass());
    }
    if (spec.flinkVersion().fetchesJobJars()) {
      args.add("--jars");
      args.add(spec.jarUri());
    }
    args.addAll(spec.args());
    Container container =
        flinkContainer(spec, Labels.COMPONENT_JOBMANAGER, spec.jobManagerMemory(), spec.jobManagerCpu())
            .withArgs(args)
            .withPorts(
                containerPort("rpc", FlinkPorts.JOBMANAGER_RPC),
                containerPort("blob", FlinkPorts.BLOB_SERVER),
                containerPort("rest", FlinkPorts.REST))
            .withLivenessProbe(tcpProbe("rpc", 30, 60))
            .withReadinessProbe(
                new ProbeBuilder()
                    .withNewHttpGet()
                    .withPath("/config")
                    .withPort(new IntOrString("rest"))
                    .endHttpGet()
                    .withInitialDelaySeconds(5)
                    .withPeriodSeconds(10)
                    .build())
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(spec, ClusterNames.jobManager(spec.name()), Labels.COMPONENT_JOBMANAGER))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(ClusterNames.jobManager(spec.name()))
        .withNewSelector()
        .withMatchLabels(selector(spec, Labels.COMPONENT_JOBMANAGER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels(spec, Labels.COMPONENT_JOBMANAGER))
        .endMetadata()
        .withSpec(podSpec(spec, container))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static HasMetadata taskManager(ClusterSpec spec) {
    Container container =
        flinkContainer(spec, Labels.COMPONENT_TASKMANAGER, spec.taskManagerMemory(), spec.taskManagerCpu())
            .withArgs("taskmanager")
            .withPorts(containerPort("rpc", FlinkPorts.TASKMANAGER_RPC))
            .withLivenessProbe(tcpProbe("rpc", 30, 60))
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(spec, ClusterNames.taskManager(spec.name()), Labels.COMPONENT_TASKMANAGER))
        .withNewSpec()
        .withReplicas(spec.taskManagers())
        .withServiceName(ClusterNames.taskManager(spec.name()))
        // TaskManagers do not depend on each other's start order; start and replace them all at once.
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(selector(spec, Labels.COMPONENT_TASKMANAGER))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels(spec, Labels.COMPONENT_TASKMANAGER))
        .endMetadata()
        .withSpec(podSpec(spec, container))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, String> configFiles(ClusterSpec spec) {
    SortedMap<String, String> config = new TreeMap<>();
    String jobManager = ClusterNames.jobManager(spec.name());
    config.put("blob.server.port", Integer.toString(FlinkPorts.BLOB_SERVER));
    config.put("jobmanager.bind-host", "0.0.0.0");
    config.put("jobmanager.memory.process.size", spec.jobManagerMemory().toFlink());
    config.put("jobmanager.rpc.address", jobManager);
    config.put("jobmanager.rpc.port", Integer.toString(FlinkPorts.JOBMANAGER_RPC));
    config.put("parallelism.default", Integer.toString(spec.parallelism()));
    config.put("rest.address", ClusterNames.restService(spec.name()));
    config.put("rest.bind-address", "0.0.0.0");
    config.put("rest.port", Integer.toString(FlinkPorts.REST));
    config.put("taskmanager.bind-host", "0.0.0.0");
    config.put("taskmanager.memory.process.size", spec.taskManagerMemory().toFlink());
    config.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.taskSlots()));
    config.put("taskmanager.rpc.port", Integer.toString(FlinkPorts.TASKMANAGER_RPC));
    config.putAll(spec.flinkConfiguration());
    Map<String, String> files = new TreeMap<>();
    files.put(spec.flinkVersion().configFileName(), FlinkConfigFile.render(spec.flinkVersion(), config));
    files.put(LOG_CONFIG_FILE, spec.logConfiguration() != null ? spec.logConfiguration() : LogConfiguration.DEFAULT);
    return files;
  }

  private static ContainerBuilder flinkContainer(ClusterSpec spec, String component, MemorySize memory, double cpu) {
    Map<String, Quantity> resources = new TreeMap<>();
    resources.put("cpu", new Quantity(Cpu.toQuantity(cpu)));
    resources.put("memory", new Quantity(memory.toQuantity()));
    List<EnvVar> env = new ArrayList<>();
    spec.env().forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    return new ContainerBuilder()
        .withName(component)
        .withImage(spec.image())
        .withImagePullPolicy(spec.imagePullPolicy().value())
        .withEnv(env)
        // Requests equal limits: Flink sizes its JVM to the limit, and a Guaranteed pod is evicted last.
        .withResources(new ResourceRequirementsBuilder().withRequests(resources).withLimits(resources).build())
        .withVolumeMounts(new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(CONFIG_DIR).build())
        .withSecurityContext(
            new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build());
  }

  private static PodSpec podSpec(ClusterSpec spec, Container container) {
    List<LocalObjectReference> pullSecrets = new ArrayList<>();
    spec.imagePullSecrets().forEach(s -> pullSecrets.add(new LocalObjectReference(s)));
    return new PodSpecBuilder()
        .withServiceAccountName(ClusterNames.serviceAccount(spec.name()))
        .withAutomountServiceAccountToken(false)
        .withImagePullSecrets(pullSecrets)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(FLINK_UID)
                .withRunAsGroup(FLINK_UID)
                .withFsGroup(FLINK_UID)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withContainers(container)
        .withVolumes(
            new VolumeBuilder()
                .withName(CONFIG_VOLUME)
                .withNewConfigMap()
                .withName(ClusterNames.config(spec.name()))
                .endConfigMap()
                .build())
        .build();
  }

  private static Probe tcpProbe(String port, int initialDelaySeconds, int periodSeconds) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(port))
        .endTcpSocket()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(periodSeconds)
        .build();
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
  }

  private static ServicePort servicePort(String name, int port, Integer nodePort) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .withProtocol("TCP")
        .withNodePort(nodePort)
        .build();
  }

  private static ObjectMeta meta(ClusterSpec spec, String name, String component) {
    Map<String, String> labels = new LinkedHashMap<>(selectorBase(spec, component));
    labels.put(Labels.VERSION, spec.flinkVersion().toString());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK);
    return new ObjectMetaBuilder().withName(name).withLabels(new TreeMap<>(labels)).build();
  }

  private static Map<String, String> podLabels(ClusterSpec spec, String component) {
    return meta(spec, spec.name(), component).getLabels();
  }

  /** Stable labels only: a StatefulSet's selector can never change once applied. */
  private static Map<String, String> selector(ClusterSpec spec, String component) {
    return new TreeMap<>(selectorBase(spec, component));
  }

  private static Map<String, String> selectorBase(ClusterSpec spec, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.NAME, Labels.NAME_FLINK);
    labels.put(Labels.INSTANCE, spec.name());
    if (component != null) {
      labels.put(Labels.COMPONENT, component);
    }
    return labels;
  }
}
