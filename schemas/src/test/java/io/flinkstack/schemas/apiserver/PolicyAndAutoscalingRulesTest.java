package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.apiserver.Manifests.HORIZONTAL_POD_AUTOSCALER;
import static io.flinkstack.schemas.apiserver.Manifests.POD_DISRUPTION_BUDGET;
import static io.flinkstack.schemas.apiserver.Manifests.with;
import static io.flinkstack.schemas.apiserver.Manifests.without;
import static io.flinkstack.schemas.apiserver.RuleCases.accept;
import static io.flinkstack.schemas.apiserver.RuleCases.reject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ValidatePodDisruptionBudgetSpec and validateHorizontalPodAutoscalerSpec (HPAScaleToZero off). */
class PolicyAndAutoscalingRulesTest {
  private static final String METRIC = "/spec/metrics/0";

  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("minAvailable and maxUnavailable exclude each other", with(POD_DISRUPTION_BUDGET,
            "/spec/minAvailable", "1"), "/spec", "cannot both be set"),
        reject("budgets are integers or percentages", with(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "\"50\""),
            "/spec/maxUnavailable", "integer or a percentage"),
        reject("budgets are at most 100%", with(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "120%"),
            "/spec/maxUnavailable", "more than 100%"),
        reject("budgets are not negative", with(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "-1"),
            "/spec/maxUnavailable", "must not be negative"),
        reject("budget selectors", with(POD_DISRUPTION_BUDGET, "/spec/selector/matchLabels/app.kubernetes.io~1component",
            "task manager"), "/spec/selector/matchLabels/app.kubernetes.io~1component", "label value"),
        reject("unhealthyPodEvictionPolicy values", with(POD_DISRUPTION_BUDGET, "/spec/unhealthyPodEvictionPolicy",
            "Never"), "/spec/unhealthyPodEvictionPolicy", "not supported"),
        reject("minReplicas is at least 1", with(HORIZONTAL_POD_AUTOSCALER, "/spec/minReplicas", "0"),
            "/spec/minReplicas", "HPAScaleToZero"),
        reject("maxReplicas is at least 1", with(without(HORIZONTAL_POD_AUTOSCALER, "/spec/minReplicas"),
            "/spec/maxReplicas", "0"), "/spec/maxReplicas", "at least 1"),
        reject("maxReplicas is at least minReplicas", with(HORIZONTAL_POD_AUTOSCALER, "/spec/maxReplicas", "1"),
            "/spec/maxReplicas", "must be at least minReplicas (2)"),
        reject("scaleTargetRef names a kind", without(HORIZONTAL_POD_AUTOSCALER, "/spec/scaleTargetRef/kind"),
            "/spec/scaleTargetRef/kind", "kind is required"),
        reject("scaleTargetRef names a workload", with(HORIZONTAL_POD_AUTOSCALER, "/spec/scaleTargetRef/name",
            "flink/taskmanager"), "/spec/scaleTargetRef/name", "may not contain '/'"),
        reject("metric source types", with(HORIZONTAL_POD_AUTOSCALER, METRIC + "/type", "Cpu"), METRIC + "/type",
            "not a metric source type"),
        reject("the type's source is set", with(HORIZONTAL_POD_AUTOSCALER, METRIC, "{type: Resource}"),
            METRIC + "/resource", "needs the 'resource' source"),
        reject("target types", with(HORIZONTAL_POD_AUTOSCALER, METRIC + "/resource/target/type", "Percent"),
            METRIC + "/resource/target/type", "not supported"),
        reject("averageUtilization is positive", with(HORIZONTAL_POD_AUTOSCALER,
            METRIC + "/resource/target/averageUtilization", "0"), METRIC + "/resource/target/averageUtilization",
            "greater than 0"),
        reject("utilization or value, not both", with(HORIZONTAL_POD_AUTOSCALER,
            METRIC + "/resource/target/averageValue", "500m"), METRIC + "/resource/target",
            "exactly one of averageUtilization and averageValue"),
        reject("a Pods metric has an averageValue", with(HORIZONTAL_POD_AUTOSCALER, METRIC,
            "{type: Pods, pods: {metric: {name: records_lag_max}, target: {type: Value, value: '100'}}}"),
            METRIC + "/pods/target/averageValue", "needs target.averageValue"),
        reject("metric names", with(HORIZONTAL_POD_AUTOSCALER, METRIC, "{type: External, external: "
            + "{metric: {name: kafka/lag}, target: {type: Value, value: '100'}}}"), METRIC + "/external/metric/name",
            "may not contain '/'"),
        reject("stabilization windows are at most an hour", with(HORIZONTAL_POD_AUTOSCALER,
            "/spec/behavior/scaleDown/stabilizationWindowSeconds", "3601"),
            "/spec/behavior/scaleDown/stabilizationWindowSeconds", "between 0 and 3600"),
        reject("selectPolicy values", with(HORIZONTAL_POD_AUTOSCALER, "/spec/behavior/scaleUp/selectPolicy", "Avg"),
            "/spec/behavior/scaleUp/selectPolicy", "not supported"),
        reject("scaling policy types", with(HORIZONTAL_POD_AUTOSCALER, "/spec/behavior/scaleDown/policies/0/type",
            "Nodes"), "/spec/behavior/scaleDown/policies/0/type", "not supported"),
        reject("scaling policy values are positive", with(HORIZONTAL_POD_AUTOSCALER,
            "/spec/behavior/scaleDown/policies/0/value", "0"), "/spec/behavior/scaleDown/policies/0/value",
            "greater than 0"),
        reject("scaling periods are at most 30 minutes", with(HORIZONTAL_POD_AUTOSCALER,
            "/spec/behavior/scaleDown/policies/0/periodSeconds", "1801"),
            "/spec/behavior/scaleDown/policies/0/periodSeconds", "between 1 and 1800"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("a budget with neither field (Kubernetes accepts it)", without(POD_DISRUPTION_BUDGET,
            "/spec/maxUnavailable")),
        accept("minAvailable 100%", with(without(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable"), "/spec/minAvailable",
            "100%")),
        accept("maxUnavailable 0", with(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "0")),
        accept("an empty budget selector selects every pod in the namespace", with(POD_DISRUPTION_BUDGET,
            "/spec/selector", "{}")),
        accept("minReplicas defaults to 1", without(HORIZONTAL_POD_AUTOSCALER, "/spec/minReplicas")),
        accept("minReplicas equal to maxReplicas", with(HORIZONTAL_POD_AUTOSCALER, "/spec/maxReplicas", "2")),
        accept("metrics default to 80% CPU", without(HORIZONTAL_POD_AUTOSCALER, "/spec/metrics")),
        accept("an External metric with a value", with(HORIZONTAL_POD_AUTOSCALER, METRIC, "{type: External, external: "
            + "{metric: {name: kafka_consumergroup_lag}, target: {type: Value, value: '1k'}}}")),
        accept("policies default when a direction sets only its window", Manifests.parse(HORIZONTAL_POD_AUTOSCALER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(JsonNode object, String pointer, String fragment, Stage stage) {
    RuleCases.assertRejected(object, pointer, fragment, stage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(JsonNode object) {
    RuleCases.assertAccepted(object);
  }

  @Test
  void aMetricCarriesOnlyTheSourceOfItsType() {
    JsonNode hpa = with(HORIZONTAL_POD_AUTOSCALER, METRIC + "/type", "Pods");

    assertThat(ApiServerRules.check(hpa)).extracting(Violation::pointer)
        .containsExactlyInAnyOrder(METRIC + "/pods", METRIC + "/resource");
  }
}
