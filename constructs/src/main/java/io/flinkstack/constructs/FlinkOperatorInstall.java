package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.operatorinstall.ObjectsByNamespace;
import io.flinkstack.constructs.operatorinstall.OperatorCrds;
import io.flinkstack.constructs.operatorinstall.OperatorInstallManifests;
import io.flinkstack.constructs.operatorinstall.OperatorInstallSpec;
import io.flinkstack.constructs.operatorinstall.OperatorInstallValidator;
import io.flinkstack.constructs.operatorinstall.OperatorNames;
import io.flinkstack.constructs.synth.ManifestJson;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * The Apache Flink Kubernetes Operator, installed without Helm: its three CRDs, the operator Deployment
 * with its configuration, least-privilege RBAC (cluster-wide, or per watched namespace), the {@code flink}
 * ServiceAccount the Flink pods run as, and optionally the admission webhook.
 *
 * <pre>{@code
 * FlinkOperatorInstall.Builder.create(chart, "flink-operator")
 *     .namespace("flink-operator")
 *     .watchedNamespaces(List.of("analytics", "payments"))
 *     .build();
 * }</pre>
 *
 * All properties are validated when it is constructed: a {@link
 * io.flinkstack.constructs.validation.ValidationException} lists every problem, and nothing is added to
 * the construct tree. Put it in a chart without a namespace: every namespaced object names its own.
 */
public class FlinkOperatorInstall extends ManifestObjects {
  private final OperatorInstallSpec spec;
  private final ObjectsByNamespace objects;

  public FlinkOperatorInstall(Construct scope, String id, FlinkOperatorInstallProps props) {
    this(scope, id, peersChecked(scope, id, OperatorInstallValidator.validate(props, () -> ConstructPaths.of(scope, id))));
  }

  private static OperatorInstallSpec peersChecked(Construct scope, String id, OperatorInstallSpec spec) {
    AppPeers.of(scope).addOperator(spec.namespace(), spec.watchedNamespaces(), () -> ConstructPaths.of(scope, id));
    return spec;
  }

  private FlinkOperatorInstall(Construct scope, String id, OperatorInstallSpec spec) {
    this(scope, id, spec, OperatorInstallManifests.build(spec));
  }

  // CRDs, cluster-scoped objects and the operator's namespace go over in one JSII call. cdk8s names
  // objects Kind-name per construct, so each other namespace (its own 'flink' ServiceAccount, Roles…)
  // needs a construct of its own: one more call per namespace.
  private FlinkOperatorInstall(Construct scope, String id, OperatorInstallSpec spec, ObjectsByNamespace objects) {
    super(scope, id, ManifestJson.write(firstBatch(spec, objects)));
    this.spec = spec;
    this.objects = objects;
    objects.addOtherNamespaces(this, spec.namespace());
  }

  private static List<Object> firstBatch(OperatorInstallSpec spec, ObjectsByNamespace objects) {
    List<Object> batch = new ArrayList<>();
    if (spec.installCrds()) {
      batch.addAll(OperatorCrds.json());
    }
    batch.addAll(objects.in(ObjectsByNamespace.CLUSTER));
    batch.addAll(objects.in(spec.namespace()));
    return batch;
  }

  /** The operator's namespace. */
  public String getNamespace() {
    return spec.namespace();
  }

  /** The namespaces the operator watches; empty means all. */
  public List<String> getWatchedNamespaces() {
    return spec.watchedNamespaces();
  }

  /** The ServiceAccount for FlinkDeployments' {@code spec.serviceAccount}, in every job namespace. */
  public String getJobServiceAccountName() {
    return OperatorNames.JOB_SERVICE_ACCOUNT;
  }

  /** The CRDs installed with the operator (empty with {@code installCrds(false)}). */
  public List<String> getCustomResourceDefinitionNames() {
    return spec.installCrds() ? OperatorCrds.names() : List.of();
  }

  /**
   * The objects handed to cdk8s except the CRDs, in order: cluster-scoped, the operator's namespace, then
   * each other namespace (fabric8 model; changing them changes nothing).
   */
  public List<HasMetadata> getManifests() {
    List<HasMetadata> all = new ArrayList<>(objects.in(ObjectsByNamespace.CLUSTER));
    all.addAll(objects.in(spec.namespace()));
    objects.otherThan(spec.namespace()).forEach(n -> all.addAll(objects.in(n)));
    return List.copyOf(all);
  }

  /** JSII-style builder: {@code FlinkOperatorInstall.Builder.create(scope, id)...build()}. */
  public static final class Builder extends FlinkOperatorInstallProps.ConstructBuilder<Builder, FlinkOperatorInstall> {
    private Builder(Construct scope, String id) {
      super(scope, id, FlinkOperatorInstall::new);
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }
  }
}
