package io.flinkstack.constructs.runtimecontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.RuntimeControllerProps;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.UpgradeGate;
import io.flinkstack.schemas.CelValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The synthesized StatefulSet write policy, evaluated with cel-java on {@code object}/{@code oldObject} built from
 * synthesized StatefulSets, as the API server would hand them over: JSON ({@link CelValues}: maps, lists, int64,
 * strings), after defaulting. Both variables are declared {@code map(string, dyn)}: the API server types them
 * from the OpenAPI schema instead, but for field selection, {@code has()} and {@code ==} the two agree
 * ({@code has(m.f)} on a map tests whether the key is present, as {@code has()} on an object tests whether an
 * optional field is set; {@code ==} on maps and lists compares deeply, as on objects).
 *
 * <p>Not covered here: the API server's cost budget (comparing two pod templates), and its type checking of the
 * expressions against the StatefulSet schema (done when the policy is created); those need a real API server.
 */
class StatefulSetWritePolicyCelTest {
  // has() is a macro: cel-java's builder starts without the standard macros (the API server's environment has them).
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("object", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("oldObject", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .build();

  private static final ValidatingAdmissionPolicy POLICY = RuntimeControllerManifests.statefulSetWritePolicy(
      RuntimeControllerValidator.validate(RuntimeControllerProps.builder().image("controller:1").build(),
          () -> "chart/controller"));

  /** A controller-upgraded cluster with local recovery: both StatefulSets gated, the TaskManagers with claims. */
  private static List<ObjectNode> statefulSets() {
    List<HasMetadata> objects = ApplicationManifests.build(ClusterValidator.validate(FlinkApplicationProps.builder()
        .flinkVersion(FlinkVersion.V2_1).image("flink:2.1").jarUri("local:///opt/flink/usrlib/job.jar")
        .stateStorage(StateStorage.objectStore("s3://bucket/flink"))
        .localRecovery(LocalRecovery.withVolume("10Gi"))
        .build(), "app", () -> "chart/app"));
    List<ObjectNode> sets = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof StatefulSet) {
        sets.add(defaulted(ManifestJson.MAPPER.valueToTree(o)));
      }
    }
    assertThat(sets).hasSize(2);
    return sets;
  }

  /**
   * What admission sees: the API server has run SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go) on both
   * objects. Only the defaults of the fields the policy reads directly are applied.
   */
  private static ObjectNode defaulted(ObjectNode sts) {
    ObjectNode spec = (ObjectNode) sts.get("spec");
    if (!spec.has("replicas")) {
      spec.put("replicas", 1);
    }
    if (!spec.has("podManagementPolicy")) {
      spec.put("podManagementPolicy", "OrderedReady");
    }
    if (!spec.has("revisionHistoryLimit")) {
      spec.put("revisionHistoryLimit", 10);
    }
    if (!spec.has("updateStrategy")) {
      spec.putObject("updateStrategy").put("type", "RollingUpdate");
    }
    ObjectNode strategy = (ObjectNode) spec.get("updateStrategy");
    if ("RollingUpdate".equals(strategy.path("type").asText()) && !strategy.has("rollingUpdate")) {
      strategy.putObject("rollingUpdate").put("partition", 0);
    }
    if (!spec.has("persistentVolumeClaimRetentionPolicy")) {
      spec.putObject("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Retain").put("whenScaled", "Retain");
    }
    return sts;
  }

  /** Every validation of the policy on the pair; true when all allow it. */
  private static boolean allowed(ObjectNode oldObject, ObjectNode object) throws Exception {
    Map<String, Object> vars = Map.of("object", CelValues.of(object), "oldObject", CelValues.of(oldObject));
    for (var validation : POLICY.getSpec().getValidations()) {
      Object result = CEL.createProgram(CEL.compile(validation.getExpression()).getAst()).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode changed(ObjectNode sts, Consumer<ObjectNode> change) {
    ObjectNode copy = sts.deepCopy();
    change.accept(copy);
    return copy;
  }

  private static ObjectNode spec(ObjectNode sts) {
    return (ObjectNode) sts.get("spec");
  }

  @Test
  void everyExpressionCompilesAndANoOpUpdateIsAllowed() throws Exception {
    for (var condition : POLICY.getSpec().getMatchConditions()) {
      var program = CEL.createProgram(CEL.compile(condition.getExpression()).getAst());
      assertThat(program.eval(Map.of("request", Map.of("userInfo",
          Map.of("username", "system:serviceaccount:flinkstack-system:flinkstack-controller"))))).isEqualTo(true);
      assertThat(program.eval(Map.of("request", Map.of("userInfo",
          Map.of("username", "system:serviceaccount:argocd:argocd-application-controller"))))).isEqualTo(false);
    }
    for (ObjectNode sts : statefulSets()) {
      assertThat(allowed(sts, sts.deepCopy())).as(sts.at("/metadata/name").asText()).isTrue();
    }
  }

  @Test
  void theControllerMayMoveThePartition() throws Exception {
    for (ObjectNode sts : statefulSets()) {
      String name = sts.at("/metadata/name").asText();
      assertThat(sts.at("/spec/updateStrategy/rollingUpdate/partition").intValue()).isEqualTo(UpgradeGate.CLOSED);
      ObjectNode open = changed(sts, s -> ((ObjectNode) s.at("/spec/updateStrategy/rollingUpdate"))
          .put("partition", UpgradeGate.OPEN));
      assertThat(allowed(sts, open)).as(name + ": open the gate").isTrue();
      assertThat(allowed(open, sts)).as(name + ": close the gate").isTrue();
    }
  }

  /** Replicas go through the scale subresource, which the policy does not match; through the StatefulSet, never. */
  @Test
  void theReplicasCannotBeChangedThroughTheStatefulSet() throws Exception {
    for (ObjectNode sts : statefulSets()) {
      String name = sts.at("/metadata/name").asText();
      assertThat(allowed(sts, changed(sts, s -> spec(s).put("replicas", 0)))).as(name + ": suspend").isFalse();
      assertThat(allowed(sts, changed(sts, s -> spec(s).put("replicas", 7)))).as(name + ": scale up").isFalse();
      assertThat(allowed(sts, changed(sts, s -> {
        spec(s).put("replicas", 7);
        ((ObjectNode) s.at("/spec/updateStrategy/rollingUpdate")).put("partition", UpgradeGate.OPEN);
      }))).as(name + ": next to a partition change").isFalse();
      // Optional in the schema: present on one side only is a change, absent on both is none (and no error).
      assertThat(allowed(sts, changed(sts, s -> spec(s).remove("replicas")))).as(name + ": removed").isFalse();
      ObjectNode without = changed(sts, s -> spec(s).remove("replicas"));
      assertThat(allowed(without, changed(without, s -> ((ObjectNode) s.at("/spec/updateStrategy/rollingUpdate"))
          .put("partition", UpgradeGate.OPEN)))).as(name + ": no replicas on either side").isTrue();
    }
  }

  @Test
  void everyOtherChangeIsDenied() throws Exception {
    Map<String, Consumer<ObjectNode>> changes = new LinkedHashMap<>();
    changes.put("template image", s -> ((ObjectNode) s.at("/spec/template/spec/containers/0")).put("image", "flink:9"));
    changes.put("template annotation", s -> ((ObjectNode) s.at("/spec/template/metadata"))
        .putObject("annotations").put("x", "y"));
    changes.put("label", s -> ((ObjectNode) s.at("/metadata/labels")).put("team", "x"));
    changes.put("label removed", s -> ((ObjectNode) s.at("/metadata/labels")).remove("app.kubernetes.io/version"));
    changes.put("annotation added", s -> ((ObjectNode) s.get("metadata")).putObject("annotations").put("x", "y"));
    changes.put("owner added", s -> ((ObjectNode) s.get("metadata")).putArray("ownerReferences").addObject()
        .put("apiVersion", "v1").put("kind", "ConfigMap").put("name", "x").put("uid", "1"));
    changes.put("finalizer added", s -> ((ObjectNode) s.get("metadata")).putArray("finalizers").add("x/y"));
    changes.put("serviceName", s -> spec(s).put("serviceName", "other"));
    changes.put("serviceName removed", s -> spec(s).remove("serviceName"));
    changes.put("updateStrategy type", s -> spec(s).putObject("updateStrategy").put("type", "OnDelete"));
    changes.put("maxUnavailable added", s -> ((ObjectNode) s.at("/spec/updateStrategy/rollingUpdate"))
        .put("maxUnavailable", 2));
    changes.put("podManagementPolicy", s -> spec(s).put("podManagementPolicy", "Parallel".equals(
        s.at("/spec/podManagementPolicy").asText()) ? "OrderedReady" : "Parallel"));
    changes.put("revisionHistoryLimit", s -> spec(s).put("revisionHistoryLimit", 3));
    changes.put("minReadySeconds", s -> spec(s).put("minReadySeconds", 30));
    changes.put("selector", s -> ((ObjectNode) s.at("/spec/selector/matchLabels")).put("x", "y"));
    changes.put("volumeClaimTemplates", s -> {
      if (s.at("/spec/volumeClaimTemplates").isArray()) {
        ((ObjectNode) s.at("/spec/volumeClaimTemplates/0/spec/resources/requests")).put("storage", "20Gi");
      } else {
        ((ArrayNode) spec(s).putArray("volumeClaimTemplates")).addObject().putObject("metadata").put("name", "x");
      }
    });
    changes.put("pvc retention", s -> ((ObjectNode) s.at("/spec/persistentVolumeClaimRetentionPolicy"))
        .put("whenDeleted", "Delete"));
    changes.put("ordinals", s -> spec(s).putObject("ordinals").put("start", 1));
    for (ObjectNode sts : statefulSets()) {
      for (var change : changes.entrySet()) {
        assertThat(allowed(sts, changed(sts, change.getValue())))
            .as(sts.at("/metadata/name").asText() + ": " + change.getKey()).isFalse();
      }
      // Together with an allowed change, still denied.
      assertThat(allowed(sts, changed(sts, s -> {
        ((ObjectNode) s.at("/spec/updateStrategy/rollingUpdate")).put("partition", 0);
        ((ObjectNode) s.at("/spec/template/spec/containers/0")).put("image", "flink:9");
      }))).isFalse();
    }
  }

  @Test
  void anOnDeleteSetFromBeforeTheGateIsJudgedWithoutAnErrorAndScaledOnlyThroughScale() throws Exception {
    ObjectNode sts = changed(statefulSets().get(1), s -> spec(s).putObject("updateStrategy").put("type", "OnDelete"));
    assertThat(allowed(sts, sts.deepCopy())).isTrue();
    assertThat(allowed(sts, changed(sts, s -> spec(s).put("replicas", 3)))).isFalse();
    // ...but not given a rollingUpdate (which a RollingUpdate type would need anyway).
    assertThat(allowed(sts, changed(sts, s -> ((ObjectNode) s.at("/spec/updateStrategy"))
        .putObject("rollingUpdate").put("partition", 0)))).isFalse();
  }

  /**
   * Without defaulting, a field the policy compares directly is missing, and selecting a missing map key is an
   * evaluation error ("no such key"). The API server never gets there (it defaults first); had it, the error
   * would deny the request under failurePolicy Fail.
   */
  @Test
  void aFieldDefaultingAlwaysSetsIsReadDirectly() {
    ObjectNode sts = changed(statefulSets().get(0), s -> spec(s).remove("revisionHistoryLimit"));
    assertThatThrownBy(() -> allowed(sts, sts.deepCopy())).isInstanceOf(CelEvaluationException.class)
        .hasMessageContaining("revisionHistoryLimit");
  }
}
