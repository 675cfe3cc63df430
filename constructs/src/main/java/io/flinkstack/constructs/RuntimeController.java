package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.operatorinstall.ObjectsByNamespace;
import io.flinkstack.constructs.runtimecontroller.RuntimeControllerManifests;
import io.flinkstack.constructs.runtimecontroller.RuntimeControllerSpec;
import io.flinkstack.constructs.runtimecontroller.RuntimeControllerValidator;
import io.flinkstack.constructs.synth.ManifestJson;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * flinkstack's runtime controller, running in the cluster: the CustomResourceDefinitions of {@code FlinkJob} and
 * {@code FlinkSnapshot} ({@code flinkstack.io/v1alpha1}), a Deployment (two replicas by default, one leader through a
 * Lease), its ServiceAccount, least-privilege RBAC (a Role per watched namespace; nothing cluster-wide), a metrics
 * Service for Prometheus and a PodDisruptionBudget. The controller keeps the {@code FlinkJob}s of the namespaces it
 * watches (by default its own) alive: it upgrades standalone Flink applications (savepoint, restore path, pod
 * deletion), takes periodic savepoints and submits session jobs.
 *
 * <pre>{@code
 * RuntimeController.Builder.create(chart, "controller")
 *     .image("registry.example.com/flinkstack-controller:0.1.0")
 *     .watchNamespaces(List.of("payments"))
 *     .build();
 * }</pre>
 *
 * All properties are validated when it is constructed: a {@link
 * io.flinkstack.constructs.validation.ValidationException} lists every problem, and nothing is added to the
 * construct tree. Put it in a chart without a namespace: every namespaced object names its own.
 */
public class RuntimeController extends ManifestObjects {
  private final RuntimeControllerSpec spec;
  private final ObjectsByNamespace objects;

  public RuntimeController(Construct scope, String id, RuntimeControllerProps props) {
    this(scope, id, peersChecked(scope, id, RuntimeControllerValidator.validate(props, () -> ConstructPaths.of(scope, id))));
  }

  private static RuntimeControllerSpec peersChecked(Construct scope, String id, RuntimeControllerSpec spec) {
    AppPeers.of(scope).addRuntimeController(spec.namespace(), spec.watchNamespaces(), () -> ConstructPaths.of(scope, id));
    return spec;
  }

  private RuntimeController(Construct scope, String id, RuntimeControllerSpec spec) {
    this(scope, id, spec, RuntimeControllerManifests.build(spec));
  }

  // Cluster-scoped objects and the controller's namespace go over in one JSII call. cdk8s names objects
  // Kind-name per construct, so each other watched namespace (its Role and RoleBinding, named like the
  // others) needs a construct of its own.
  private RuntimeController(Construct scope, String id, RuntimeControllerSpec spec, ObjectsByNamespace objects) {
    super(scope, id, ManifestJson.write(firstBatch(spec, objects)));
    this.spec = spec;
    this.objects = objects;
    objects.addOtherNamespaces(this, spec.namespace());
  }

  private static List<HasMetadata> firstBatch(RuntimeControllerSpec spec, ObjectsByNamespace objects) {
    List<HasMetadata> batch = new ArrayList<>(objects.in(ObjectsByNamespace.CLUSTER));
    batch.addAll(objects.in(spec.namespace()));
    return batch;
  }

  /** The base name of every object. */
  public String getName() {
    return spec.name();
  }

  /** The controller's namespace. */
  public String getNamespace() {
    return spec.namespace();
  }

  /** The namespaces the controller watches: those given, or its own when none were (never all namespaces). */
  public List<String> getWatchNamespaces() {
    return spec.watchNamespaces();
  }

  public String getServiceAccountName() {
    return RuntimeControllerManifests.serviceAccount(spec);
  }

  /** The ClusterIP Service in front of the metrics and health port. */
  public String getMetricsServiceName() {
    return RuntimeControllerManifests.metricsService(spec);
  }

  /**
   * The objects handed to cdk8s, in order: cluster-scoped, the controller's namespace, then each other watched
   * namespace (fabric8 model; changing them changes nothing).
   */
  public List<HasMetadata> getManifests() {
    List<HasMetadata> all = new ArrayList<>(firstBatch(spec, objects));
    objects.otherThan(spec.namespace()).forEach(n -> all.addAll(objects.in(n)));
    return List.copyOf(all);
  }

  /** JSII-style builder: {@code RuntimeController.Builder.create(scope, id)...build()}. */
  public static final class Builder extends RuntimeControllerProps.ConstructBuilder<Builder, RuntimeController> {
    private Builder(Construct scope, String id) {
      super(scope, id, RuntimeController::new);
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }
  }
}
