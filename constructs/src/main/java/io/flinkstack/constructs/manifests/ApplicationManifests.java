package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
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
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.Placement;
import io.flinkstack.constructs.units.Cpu;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkPorts;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.ReplicasOwner;
import io.flinkstack.contract.UpgradeGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Kubernetes objects of a standalone application-mode cluster, as Flink's Kubernetes documentation
 * lays it out — configuration, a JobManager running {@code standalone-job}, TaskManagers, their Services —
 * plus what the features add (HA, local recovery, state storage, autoscaling, security, placement).
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

  /** Objects in apply order: identity, RBAC, configuration and claims, Services, workloads, then policies. */
  public static List<HasMetadata> build(ClusterSpec spec) {
    if (spec.props().getBackend() == Backend.OPERATOR) {
      return OperatorManifests.build(spec);
    }
    ClusterModel m = model(spec);

    String name = spec.name();
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new ServiceAccountBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.serviceAccount(name), null))
        .editMetadata().withAnnotations(nullIfEmpty(spec.props().getServiceAccountAnnotations())).endMetadata()
        .withAutomountServiceAccountToken(m.mountServiceAccountToken)
        .build());
    objects.addAll(m.prerequisites);
    objects.add(new ConfigMapBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.config(name), null))
        .withData(configFiles(m))
        .build());
    // With the controller's readiness gate (UpgradeGate.VERIFIED_CONDITION), a JobManager is not Ready until the
    // controller has seen its job run, so the Services the TaskManagers (RPC, blobs) and the controller (REST) reach
    // it through publish it from its start (publishNotReadyAddresses): readiness then says "verified revision", the
    // StatefulSet rollout's signal, and no longer "routable".
    Boolean unready = m.gatedUpdates ? Boolean.TRUE : null;
    objects.add(new ServiceBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.jobManager(name), Labels.COMPONENT_JOBMANAGER))
        .withNewSpec()
        .withType("ClusterIP")
        .withPublishNotReadyAddresses(unready)
        .withSelector(ClusterLabels.selector(spec, Labels.COMPONENT_JOBMANAGER))
        .withPorts(servicePort("rpc", FlinkPorts.JOBMANAGER_RPC, null), servicePort("blob", FlinkPorts.BLOB_SERVER, null))
        .endSpec()
        .build());
    objects.add(jobManagerGoverningService(spec));
    objects.add(new ServiceBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.restService(name), Labels.COMPONENT_JOBMANAGER))
        .withNewSpec()
        .withType(spec.restService().type())
        .withPublishNotReadyAddresses(unready)
        .withSelector(ClusterLabels.selector(spec, Labels.COMPONENT_JOBMANAGER))
        .withPorts(servicePort("rest", FlinkPorts.REST, spec.restService().fixedNodePort()))
        .endSpec()
        .build());
    objects.add(new ServiceBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.taskManager(name), Labels.COMPONENT_TASKMANAGER))
        .withNewSpec()
        // Headless: the StatefulSet's governing Service, giving each TaskManager a stable DNS name. Left without
        // publishNotReadyAddresses: TaskManagers have no readiness probe, so a running one is ready anyway, unless
        // it waits for the controller's readiness gate (then published from its start, as the JobManager).
        .withClusterIP("None")
        .withPublishNotReadyAddresses(unready)
        .withSelector(ClusterLabels.selector(spec, Labels.COMPONENT_TASKMANAGER))
        .withPorts(servicePort("rpc", FlinkPorts.TASKMANAGER_RPC, null))
        .endSpec()
        .build());
    if (!spec.session()) {
      objects.add(FlinkJobs.application(spec));
    }
    objects.add(jobManager(m));
    objects.add(taskManager(m));
    objects.addAll(m.policies);
    return objects;
  }

  /**
   * The JobManager StatefulSet's governing Service. A StatefulSet's pods get their stable network identity,
   * {@code <pod>.<serviceName>}, from a headless Service named by its {@code serviceName} (Kubernetes documentation,
   * "StatefulSets", section "Stable Network ID"); a ClusterIP Service there gives the pods no such names. The
   * ClusterIP Service {@code <name>-jobmanager} stays for clients, which want one address over the ready pods.
   *
   * <p>{@code publishNotReadyAddresses: true}: a pod's DNS name is its identity, not a route for clients, so it
   * should exist from the pod's start, not only once the readiness probe (REST {@code /config}) passes; a JobManager
   * still recovering, or a standby, keeps its name. The Service API reference gives exactly this, a StatefulSet's
   * headless Service publishing records for peer discovery, as the field's main use. Traffic that must reach only
   * ready JobManagers goes through {@code <name>-jobmanager} and {@code <name>-rest}, which leave it unset.
   */
  private static HasMetadata jobManagerGoverningService(ClusterSpec spec) {
    return new ServiceBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.jobManagerHeadless(spec.name()), Labels.COMPONENT_JOBMANAGER))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(ClusterLabels.selector(spec, Labels.COMPONENT_JOBMANAGER))
        .withPorts(servicePort("rpc", FlinkPorts.JOBMANAGER_RPC, null), servicePort("blob", FlinkPorts.BLOB_SERVER, null))
        .endSpec()
        .build();
  }

  /** The cluster with every feature applied. */
  static ClusterModel model(ClusterSpec spec) {
    ClusterModel m = new ClusterModel(spec);
    for (ClusterFeature feature : ClusterFeature.ALL) {
      feature.apply(m);
    }
    return m;
  }

  static PodTemplateSpec jobManagerPod(ClusterModel m) {
    return ((io.fabric8.kubernetes.api.model.apps.StatefulSet) jobManager(m)).getSpec().getTemplate();
  }

  static PodTemplateSpec taskManagerPod(ClusterModel m) {
    return ((io.fabric8.kubernetes.api.model.apps.StatefulSet) taskManager(m)).getSpec().getTemplate();
  }

  private static HasMetadata jobManager(ClusterModel m) {
    ClusterSpec spec = m.spec;
    List<String> args = new ArrayList<>();
    if (spec.session()) {
      // jobmanager.sh takes "-D key=value" pairs (a first argument that is not "-D" would be a positional host).
      args.add("jobmanager");
      args.addAll(dynamicProperties(m.jobManager));
    } else {
      args.add("standalone-job");
      args.addAll(dynamicProperties(m.jobManager));
      // --jars takes every following word up to the next option Flink knows, so it goes before
      // --job-classname; without a class name, "--" ends it (else the program arguments became jars).
      boolean jars = spec.flinkVersion().fetchesJobJars();
      if (jars) {
        args.add("--jars");
        args.add(spec.jarUri());
      }
      if (spec.entryClass() != null) {
        args.add("--job-classname");
        args.add(spec.entryClass());
      } else if (jars && !spec.args().isEmpty()) {
        args.add("--");
      }
      args.addAll(spec.args());
    }
    List<ContainerPort> ports = new ArrayList<>(List.of(
        containerPort("rpc", FlinkPorts.JOBMANAGER_RPC),
        containerPort("blob", FlinkPorts.BLOB_SERVER),
        containerPort("rest", FlinkPorts.REST)));
    ports.addAll(m.jobManager.ports);
    Container container =
        flinkContainer(m, m.jobManager, Labels.COMPONENT_JOBMANAGER, spec.jobManagerMemory(), spec.jobManagerCpu())
            // Null (the image's entrypoint) unless the runtime controller upgrades the job: then a start script
            // adds the restore path it recorded before handing the same args to the entrypoint.
            .withCommand(m.gatedUpdates || m.jobIdPerDeployment
                ? ControllerUpgradeFeature.jobManagerCommand(spec.job(), m.gatedUpdates, m.jobIdPerDeployment, m.storesPerDeployment,
                    ControllerUpgradeFeature.resumesFromLatestCheckpoint(m))
                : null)
            .withArgs(args)
            .withPorts(ports)
            .withLivenessProbe(tcpProbe("rpc", 30, 60))
            .withReadinessProbe(new ProbeBuilder()
                .withNewHttpGet().withPath("/config").withPort(new IntOrString("rest")).endHttpGet()
                .withInitialDelaySeconds(5)
                .withPeriodSeconds(10)
                .build())
            .build();
    PodTemplateSpec template = podTemplate(m, m.jobManager, Labels.COMPONENT_JOBMANAGER, container,
        spec.props().getJobManagerPodTemplate());
    return new StatefulSetBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.jobManager(spec.name()), Labels.COMPONENT_JOBMANAGER))
        .withNewSpec()
        .withReplicas(spec.jobManagerReplicas())
        // Immutable: clusters synthesized before this Service existed need the migration in docs/constructs/Upgrades.md.
        .withServiceName(ClusterNames.jobManagerHeadless(spec.name()))
        .withUpdateStrategy(updateStrategy(m))
        .withNewSelector().withMatchLabels(ClusterLabels.selector(spec, Labels.COMPONENT_JOBMANAGER)).endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private static HasMetadata taskManager(ClusterModel m) {
    ClusterSpec spec = m.spec;
    List<String> args = new ArrayList<>();
    args.add("taskmanager");
    args.addAll(dynamicProperties(m.taskManager));
    List<ContainerPort> ports = new ArrayList<>(List.of(containerPort("rpc", FlinkPorts.TASKMANAGER_RPC)));
    ports.addAll(m.taskManager.ports);
    Container container =
        flinkContainer(m, m.taskManager, Labels.COMPONENT_TASKMANAGER, spec.taskManagerMemory(), spec.taskManagerCpu())
            .withArgs(args)
            .withPorts(ports)
            .withLivenessProbe(tcpProbe("rpc", 30, 60))
            .build();
    PodTemplateSpec template = podTemplate(m, m.taskManager, Labels.COMPONENT_TASKMANAGER, container,
        spec.props().getTaskManagerPodTemplate());
    ObjectMeta meta = ClusterLabels.meta(spec, ClusterNames.taskManager(spec.name()), Labels.COMPONENT_TASKMANAGER);
    if (spec.autoscaled()) {
      // The runtime controller reads who owns the count from this mark, not from the missing field (the API
      // server defaults it): its own autoscaler then only reports the TaskManagers a parallelism needs.
      meta.setAnnotations(Map.of(ReplicasOwner.ANNOTATION, ReplicasOwner.horizontalPodAutoscaler(ClusterNames.taskManager(spec.name()))));
    }
    return new StatefulSetBuilder()
        .withMetadata(meta)
        .withNewSpec()
        // Under an HPA the autoscaler owns the count: no replicas, so applying the manifests never resets it.
        .withReplicas(spec.autoscaled() ? null : spec.taskManagers())
        .withServiceName(ClusterNames.taskManager(spec.name()))
        // TaskManagers do not depend on each other's start order; start and replace them all at once.
        .withPodManagementPolicy("Parallel")
        .withUpdateStrategy(updateStrategy(m))
        .withNewSelector().withMatchLabels(ClusterLabels.selector(spec, Labels.COMPONENT_TASKMANAGER)).endSelector()
        .withTemplate(template)
        .withVolumeClaimTemplates(m.taskManagerClaimTemplates)
        .endSpec()
        .build();
  }

  /**
   * Null (Kubernetes' default, RollingUpdate) unless the runtime controller upgrades the job: then RollingUpdate
   * with the partition at {@link UpgradeGate#CLOSED}, the upgrade gate. Every pod the StatefulSet controller
   * creates (a replaced pod, a scale-up to any replica count) comes from the current revision, so applying new
   * manifests never runs the new template by itself. The controller takes the savepoint, records the restore
   * path, patches the partition to {@link UpgradeGate#OPEN}, deletes the pods (which come back with the new
   * revision) and closes the gate again (controller/README.md, "Who writes StatefulSets, and the upgrade gate").
   * Type and partition are written out: left out, the API server's defaulting sets partition 0, an open gate.
   */
  private static StatefulSetUpdateStrategy updateStrategy(ClusterModel m) {
    return m.gatedUpdates
        ? new StatefulSetUpdateStrategyBuilder()
            .withType("RollingUpdate")
            .withNewRollingUpdate().withPartition(UpgradeGate.CLOSED).endRollingUpdate()
            .build()
        : null;
  }

  static Map<String, String> configFiles(ClusterModel m) {
    ClusterSpec spec = m.spec;
    SortedMap<String, String> config = new TreeMap<>();
    config.put("blob.server.port", Integer.toString(FlinkPorts.BLOB_SERVER));
    config.put("jobmanager.bind-host", "0.0.0.0");
    config.put("jobmanager.memory.process.size", spec.jobManagerMemory().toFlink());
    config.put("jobmanager.rpc.address", ClusterNames.jobManager(spec.name()));
    config.put("jobmanager.rpc.port", Integer.toString(FlinkPorts.JOBMANAGER_RPC));
    if (!spec.session()) {
      config.put("parallelism.default", Integer.toString(spec.parallelism()));
    }
    config.put("rest.address", ClusterNames.restService(spec.name()));
    config.put("rest.bind-address", "0.0.0.0");
    config.put("rest.port", Integer.toString(FlinkPorts.REST));
    config.put("taskmanager.bind-host", "0.0.0.0");
    config.put("taskmanager.memory.process.size", spec.taskManagerMemory().toFlink());
    config.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.taskSlots()));
    config.put("taskmanager.rpc.port", Integer.toString(FlinkPorts.TASKMANAGER_RPC));
    config.putAll(m.config);
    config.putAll(spec.flinkConfiguration());
    Map<String, String> files = new TreeMap<>();
    files.put(spec.flinkVersion().configFileName(), FlinkConfigFile.render(spec.flinkVersion(), config));
    files.put(LOG_CONFIG_FILE, spec.logConfiguration() != null ? spec.logConfiguration() : LogConfiguration.DEFAULT);
    return files;
  }

  private static ContainerBuilder flinkContainer(
      ClusterModel m, ClusterModel.PodParts parts, String component, MemorySize memory, double cpu) {
    ClusterSpec spec = m.spec;
    Map<String, Quantity> resources = new TreeMap<>();
    resources.put("cpu", new Quantity(Cpu.toQuantity(cpu)));
    resources.put("memory", new Quantity(memory.toQuantity()));
    List<EnvVar> env = new ArrayList<>(parts.env);
    spec.env().forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName(CONFIG_VOLUME).withMountPath(CONFIG_DIR).build());
    mounts.addAll(parts.volumeMounts);
    mounts.addAll(spec.props().getVolumeMounts());
    return new ContainerBuilder()
        .withName(component)
        .withImage(spec.image())
        .withImagePullPolicy(spec.imagePullPolicy().value())
        .withEnv(env)
        // Requests equal limits: Flink sizes its JVM to the limit, and a Guaranteed pod is evicted last.
        .withResources(new ResourceRequirementsBuilder().withRequests(resources).withLimits(resources).build())
        .withVolumeMounts(mounts)
        .withSecurityContext(new SecurityContextBuilder()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .build());
  }

  private static PodTemplateSpec podTemplate(
      ClusterModel m, ClusterModel.PodParts parts, String component, Container container, PodTemplateSpec own) {
    ClusterSpec spec = m.spec;
    ClusterProps props = spec.props();
    List<LocalObjectReference> pullSecrets = new ArrayList<>();
    spec.imagePullSecrets().forEach(s -> pullSecrets.add(new LocalObjectReference(s)));
    List<Container> containers = new ArrayList<>();
    containers.add(container);
    containers.addAll(parts.sidecars);
    containers.addAll(props.getSidecars());
    List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(CONFIG_VOLUME).withNewConfigMap().withName(ClusterNames.config(spec.name()))
        .endConfigMap().build());
    volumes.addAll(parts.volumes);
    volumes.addAll(props.getVolumes());
    SortedMap<String, String> annotations = new TreeMap<>(props.getPodAnnotations());
    annotations.putAll(parts.annotations);
    Placement placement = props.getPlacement() == null ? Placement.defaults() : props.getPlacement();
    boolean taskManager = component.equals(Labels.COMPONENT_TASKMANAGER);

    PodSpecBuilder pod = new PodSpecBuilder()
        .withServiceAccountName(ClusterNames.serviceAccount(spec.name()))
        .withAutomountServiceAccountToken(m.mountServiceAccountToken)
        .withImagePullSecrets(pullSecrets)
        .withSecurityContext(new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(FLINK_UID)
            .withRunAsGroup(FLINK_UID)
            .withFsGroup(FLINK_UID)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build())
        .withInitContainers(parts.initContainers)
        .withContainers(containers)
        .withVolumes(volumes)
        .withNodeSelector(nullIfEmpty(placement.getNodeSelector()))
        .withTolerations(placement.getTolerations())
        .withPriorityClassName(placement.getPriorityClassName());
    if (m.gatedUpdates) {
      // Ready only once the runtime controller says so: an upgrade's new pods once its job runs, every other pod at
      // once. Until then the StatefulSet keeps its current revision, the one to roll back to (UpgradeGate).
      pod.addNewReadinessGate(UpgradeGate.VERIFIED_CONDITION);
    }
    if (taskManager && placement.isSpreadTaskManagers()) {
      pod.withAffinity(spreadAcrossNodes(spec));
    }
    if (taskManager && placement.isSpreadAcrossZones()) {
      pod.withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
          .withMaxSkew(1)
          .withTopologyKey("topology.kubernetes.io/zone")
          .withWhenUnsatisfiable("ScheduleAnyway")
          .withNewLabelSelector().withMatchLabels(ClusterLabels.selector(spec, component)).endLabelSelector()
          .build());
    }
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(ClusterLabels.labels(spec, component))
        .withAnnotations(nullIfEmpty(annotations))
        .endMetadata()
        .withSpec(pod.build())
        .build();
    return PodTemplates.merge(PodTemplates.merge(template, props.getPodTemplate()), own);
  }

  private static Affinity spreadAcrossNodes(ClusterSpec spec) {
    return new AffinityBuilder()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector().withMatchLabels(ClusterLabels.selector(spec, Labels.COMPONENT_TASKMANAGER)).endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .build();
  }

  // Two tokens, "-D" "key=value": the form every entrypoint accepts (jobmanager.sh only recognizes a lone "-D").
  private static List<String> dynamicProperties(ClusterModel.PodParts parts) {
    List<String> args = new ArrayList<>();
    for (String property : parts.dynamicProperties) {
      args.add("-D");
      args.add(property);
    }
    return args;
  }

  private static <K, V> Map<K, V> nullIfEmpty(Map<K, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static Probe tcpProbe(String port, int initialDelaySeconds, int periodSeconds) {
    return new ProbeBuilder()
        .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
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
}
