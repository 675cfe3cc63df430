package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ApplicationSpecs;
import io.flinkstack.constructs.manifests.ClusterSpec;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.ClusterNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * A Flink cluster in application mode running one job: configuration, a JobManager that runs the job's
 * main method ({@code standalone-job}), TaskManagers, their Services and ServiceAccount.
 *
 * <pre>{@code
 * FlinkApplication.Builder.create(chart, "wordcount")
 *     .flinkVersion(FlinkVersion.V2_1).image("flink:2.1")
 *     .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
 *     .parallelism(4).taskManagers(2).taskSlots(2)
 *     .build();
 * }</pre>
 *
 * All properties are validated when it is constructed: a {@link
 * io.flinkstack.constructs.validation.ValidationException} lists every problem, and nothing is added to
 * the construct tree.
 */
public class FlinkApplication extends ManifestObjects {
  private final ClusterSpec spec;
  private final List<HasMetadata> manifests;

  public FlinkApplication(Construct scope, String id, FlinkApplicationProps props) {
    this(scope, id, ApplicationSpecs.resolve(props, id, () -> pathOf(scope, id)));
  }

  private FlinkApplication(Construct scope, String id, ClusterSpec spec) {
    this(scope, id, spec, List.copyOf(ApplicationManifests.build(spec)));
  }

  // The construct and its objects are created in one JSII call: round trips dominate synthesis time.
  private FlinkApplication(Construct scope, String id, ClusterSpec spec, List<HasMetadata> manifests) {
    super(scope, id, ManifestJson.write(manifests));
    this.spec = spec;
    this.manifests = manifests;
  }

  private static String pathOf(Construct scope, String id) {
    String parent = scope.getNode().getPath();
    return parent.isEmpty() ? id : parent + "/" + id;
  }

  /** The base name of every object. */
  public String getName() {
    return spec.name();
  }

  /** The Service in front of the JobManager's REST API and web UI (port 8081). */
  public String getRestServiceName() {
    return ClusterNames.restService(spec.name());
  }

  /** The objects handed to cdk8s, in order (fabric8 model; changing them changes nothing). */
  public List<HasMetadata> getManifests() {
    return manifests;
  }

  /** JSII-style builder: {@code FlinkApplication.Builder.create(scope, id)...build()}. */
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private final FlinkApplicationProps.Builder props = FlinkApplicationProps.builder();

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** @see FlinkApplicationProps.Builder#name(String) */
    public Builder name(String name) {
      props.name(name);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#flinkVersion(FlinkVersion) */
    public Builder flinkVersion(FlinkVersion flinkVersion) {
      props.flinkVersion(flinkVersion);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#flinkVersion(String) */
    public Builder flinkVersion(String flinkVersion) {
      props.flinkVersion(flinkVersion);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#image(String) */
    public Builder image(String image) {
      props.image(image);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#imagePullPolicy(ImagePullPolicy) */
    public Builder imagePullPolicy(ImagePullPolicy imagePullPolicy) {
      props.imagePullPolicy(imagePullPolicy);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#imagePullSecrets(List) */
    public Builder imagePullSecrets(List<String> imagePullSecrets) {
      props.imagePullSecrets(imagePullSecrets);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#jarUri(String) */
    public Builder jarUri(String jarUri) {
      props.jarUri(jarUri);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#entryClass(String) */
    public Builder entryClass(String entryClass) {
      props.entryClass(entryClass);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#args(List) */
    public Builder args(List<String> args) {
      props.args(args);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#parallelism(Integer) */
    public Builder parallelism(Integer parallelism) {
      props.parallelism(parallelism);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#taskManagers(int) */
    public Builder taskManagers(int taskManagers) {
      props.taskManagers(taskManagers);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#taskSlots(int) */
    public Builder taskSlots(int taskSlots) {
      props.taskSlots(taskSlots);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#jobManager(Resources) */
    public Builder jobManager(Resources jobManager) {
      props.jobManager(jobManager);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#taskManager(Resources) */
    public Builder taskManager(Resources taskManager) {
      props.taskManager(taskManager);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#flinkConfiguration(Map) */
    public Builder flinkConfiguration(Map<String, String> flinkConfiguration) {
      props.flinkConfiguration(flinkConfiguration);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#logConfiguration(String) */
    public Builder logConfiguration(String logConfiguration) {
      props.logConfiguration(logConfiguration);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#env(Map) */
    public Builder env(Map<String, String> env) {
      props.env(env);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#restService(RestService) */
    public Builder restService(RestService restService) {
      props.restService(restService);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#jobManagerReplicas(int) */
    public Builder jobManagerReplicas(int jobManagerReplicas) {
      props.jobManagerReplicas(jobManagerReplicas);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#highAvailability(HAConfig) */
    public Builder highAvailability(HAConfig highAvailability) {
      props.highAvailability(highAvailability);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#localRecovery(LocalRecoveryStatefulSet) */
    public Builder localRecovery(LocalRecoveryStatefulSet localRecovery) {
      props.localRecovery(localRecovery);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#stateStorage(StateStorage) */
    public Builder stateStorage(StateStorage stateStorage) {
      props.stateStorage(stateStorage);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#autoscaling(TaskManagerAutoscaling) */
    public Builder autoscaling(TaskManagerAutoscaling autoscaling) {
      props.autoscaling(autoscaling);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#scheduler(Scheduler) */
    public Builder scheduler(Scheduler scheduler) {
      props.scheduler(scheduler);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#placement(Placement) */
    public Builder placement(Placement placement) {
      props.placement(placement);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#networkPolicy(boolean) */
    public Builder networkPolicy(boolean networkPolicy) {
      props.networkPolicy(networkPolicy);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#restAccess(List) */
    public Builder restAccess(List<NetworkAccess> restAccess) {
      props.restAccess(restAccess);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#metricsAccess(List) */
    public Builder metricsAccess(List<NetworkAccess> metricsAccess) {
      props.metricsAccess(metricsAccess);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#prometheus(boolean) */
    public Builder prometheus(boolean prometheus) {
      props.prometheus(prometheus);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#restIngress(RestIngress) */
    public Builder restIngress(RestIngress restIngress) {
      props.restIngress(restIngress);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#serviceAccountAnnotations(Map) */
    public Builder serviceAccountAnnotations(Map<String, String> serviceAccountAnnotations) {
      props.serviceAccountAnnotations(serviceAccountAnnotations);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#podAnnotations(Map) */
    public Builder podAnnotations(Map<String, String> podAnnotations) {
      props.podAnnotations(podAnnotations);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#volumes(List) */
    public Builder volumes(List<Volume> volumes) {
      props.volumes(volumes);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#volumeMounts(List) */
    public Builder volumeMounts(List<VolumeMount> volumeMounts) {
      props.volumeMounts(volumeMounts);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#sidecars(List) */
    public Builder sidecars(List<Container> sidecars) {
      props.sidecars(sidecars);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#podTemplate(PodTemplateSpec) */
    public Builder podTemplate(PodTemplateSpec podTemplate) {
      props.podTemplate(podTemplate);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#jobManagerPodTemplate(PodTemplateSpec) */
    public Builder jobManagerPodTemplate(PodTemplateSpec jobManagerPodTemplate) {
      props.jobManagerPodTemplate(jobManagerPodTemplate);
      return this;
    }

    /** @see FlinkApplicationProps.Builder#taskManagerPodTemplate(PodTemplateSpec) */
    public Builder taskManagerPodTemplate(PodTemplateSpec taskManagerPodTemplate) {
      props.taskManagerPodTemplate(taskManagerPodTemplate);
      return this;
    }

    public FlinkApplication build() {
      return new FlinkApplication(scope, id, props.build());
    }
  }
}
