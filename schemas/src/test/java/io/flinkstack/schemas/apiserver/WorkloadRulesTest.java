package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.DEPLOYMENT;
import static io.flinkstack.schemas.TestManifests.STATEFUL_SET;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** ValidateDeploymentSpec and ValidateStatefulSetSpec, and what the StatefulSet controller's creates reject. */
class WorkloadRulesTest extends RuleCases {
  private static final String CLAIM = "/spec/volumeClaimTemplates/0";

  static Stream<Arguments> rejected() {
    return Stream.of(
        rejectValue("replicas are not negative", DEPLOYMENT, "/spec/replicas", "-1", "must not be negative"),
        rejectValue("an empty selector selects everything", DEPLOYMENT, "/spec/selector", "{}",
            "empty selector is invalid for a Deployment"),
        reject("the selector matches the template labels", with(DEPLOYMENT,
            "/spec/selector/matchLabels/app.kubernetes.io~1name", "other"), "/spec/template/metadata/labels",
            "does not match the pod template's labels"),
        reject("the selector's expressions match too", with(DEPLOYMENT,
            "/spec/selector/matchExpressions/0/operator", "NotIn"), "/spec/template/metadata/labels",
            "does not match"),
        rejectValue("selector operators", DEPLOYMENT, "/spec/selector/matchExpressions/0/operator", "Is",
            "not a selector operator"),
        reject("Exists takes no values", with(DEPLOYMENT, "/spec/selector/matchExpressions/0/operator", "Exists"),
            "/spec/selector/matchExpressions/0/values", "must be empty"),
        rejectValue("Deployment pods restart Always", DEPLOYMENT, "/spec/template/spec/restartPolicy", "Never",
            "not supported for a Deployment"),
        rejectValue("no activeDeadlineSeconds in workloads", DEPLOYMENT, "/spec/template/spec/activeDeadlineSeconds",
            "600", "not supported in a Deployment"),
        rejectValue("Recreate has no rollingUpdate", DEPLOYMENT, "/spec/strategy/rollingUpdate", "{maxSurge: 1}",
            "strategy type is Recreate"),
        rejectValue("Deployment strategy types", DEPLOYMENT, "/spec/strategy/type", "BlueGreen", "not supported"),
        reject("maxUnavailable and maxSurge are not both 0", with(DEPLOYMENT, "/spec/strategy",
            "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: '0%'}}"),
            "/spec/strategy/rollingUpdate/maxUnavailable", "cannot both be 0"),
        reject("maxUnavailable is at most 100%", with(DEPLOYMENT, "/spec/strategy",
            "{type: RollingUpdate, rollingUpdate: {maxUnavailable: '150%'}}"),
            "/spec/strategy/rollingUpdate/maxUnavailable", "more than 100%"),
        reject("maxSurge is an integer or a percentage", with(DEPLOYMENT, "/spec/strategy",
            "{type: RollingUpdate, rollingUpdate: {maxSurge: one}}"), "/spec/strategy/rollingUpdate/maxSurge",
            "integer or a percentage"),
        rejectValue("revisionHistoryLimit is not negative", DEPLOYMENT, "/spec/revisionHistoryLimit", "-1",
            "must not be negative"),
        reject("progressDeadlineSeconds exceeds minReadySeconds", with(with(DEPLOYMENT, "/spec/minReadySeconds",
            "60"), "/spec/progressDeadlineSeconds", "60"), "/spec/progressDeadlineSeconds",
            "must be greater than minReadySeconds"),
        reject("the default progress deadline (600 s) exceeds minReadySeconds", with(DEPLOYMENT, "/spec/minReadySeconds",
            "600"), "/spec/progressDeadlineSeconds", "600, the default"),
        rejectValue("podManagementPolicy values", STATEFUL_SET, "/spec/podManagementPolicy", "Random",
            "not supported"),
        reject("OnDelete has no rollingUpdate", with(STATEFUL_SET, "/spec/updateStrategy/type", "OnDelete"),
            "/spec/updateStrategy/rollingUpdate", "only allowed for updateStrategy RollingUpdate"),
        reject("StatefulSet update strategies", with(without(STATEFUL_SET, "/spec/updateStrategy/rollingUpdate"),
            "/spec/updateStrategy/type", "Blue"), "/spec/updateStrategy/type", "not supported"),
        rejectValue("partition is not negative", STATEFUL_SET, "/spec/updateStrategy/rollingUpdate/partition", "-1",
            "must not be negative"),
        rejectValue("ordinals start at 0 or later", STATEFUL_SET, "/spec/ordinals/start", "-1",
            "must not be negative"),
        rejectValue("claim retention values", STATEFUL_SET, "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted",
            "Keep", "not supported"),
        rejectValue("StatefulSet replicas are not negative", STATEFUL_SET, "/spec/replicas", "-2",
            "must not be negative"),
        reject("StatefulSet selectors match the template", with(STATEFUL_SET,
            "/spec/template/metadata/labels/app.kubernetes.io~1component", "jobmanager"),
            "/spec/template/metadata/labels", "does not match"),
        rejectValue("serviceName becomes the pods' subdomain", STATEFUL_SET, "/spec/serviceName",
            "wordcount.taskmanager", "becomes each pod's spec.subdomain", Stage.STATEFULSET_POD),
        rejectValue("StatefulSet names leave room for the revision hash", STATEFUL_SET, "/metadata/name",
            "a".repeat(53), "controller-revision-hash", Stage.STATEFULSET_POD),
        reject("claim templates have access modes", without(STATEFUL_SET, CLAIM + "/spec/accessModes"),
            CLAIM + "/spec/accessModes", "at least one access mode", Stage.STATEFULSET_CLAIM),
        reject("claim templates request storage", without(STATEFUL_SET, CLAIM + "/spec/resources/requests/storage"),
            CLAIM + "/spec/resources/requests/storage", "storage request is required", Stage.STATEFULSET_CLAIM),
        rejectValue("claim storage is positive", STATEFUL_SET, CLAIM + "/spec/resources/requests/storage", "\"0\"",
            "greater than zero", Stage.STATEFULSET_CLAIM),
        rejectValue("ReadWriteOncePod stands alone", STATEFUL_SET, CLAIM + "/spec/accessModes",
            "[ReadWriteOncePod, ReadWriteOnce]", "cannot be combined", Stage.STATEFULSET_CLAIM),
        reject("access mode values", with(STATEFUL_SET, CLAIM + "/spec/accessModes", "[RWO]"),
            CLAIM + "/spec/accessModes/0", "not supported", Stage.STATEFULSET_CLAIM),
        rejectValue("storageClassName is a DNS subdomain", STATEFUL_SET, CLAIM + "/spec/storageClassName", "GP3",
            "DNS-1123 subdomain", Stage.STATEFULSET_CLAIM),
        rejectValue("volumeMode values", STATEFUL_SET, CLAIM + "/spec/volumeMode", "Raw", "not supported",
            Stage.STATEFULSET_CLAIM),
        rejectValue("claim template labels", STATEFUL_SET, CLAIM + "/metadata/labels/app.kubernetes.io~1component",
            "task manager", "label value", Stage.STATEFULSET_CLAIM));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("RollingUpdate with the default surge", with(DEPLOYMENT, "/spec/strategy",
            "{type: RollingUpdate, rollingUpdate: {maxUnavailable: 0}}")),
        accept("RollingUpdate with percentages", with(DEPLOYMENT, "/spec/strategy",
            "{type: RollingUpdate, rollingUpdate: {maxUnavailable: '100%', maxSurge: '0%'}}")),
        accept("NotIn on a label the template lacks", with(DEPLOYMENT, "/spec/selector/matchExpressions/0",
            "{key: tier, operator: NotIn, values: [batch]}")),
        accept("zero replicas", with(STATEFUL_SET, "/spec/replicas", "0")),
        accept("restartPolicy Always spelled out", with(STATEFUL_SET, "/spec/template/spec/restartPolicy", "Always")),
        accept("OnDelete without rollingUpdate", with(without(STATEFUL_SET, "/spec/updateStrategy/rollingUpdate"),
            "/spec/updateStrategy/type", "OnDelete")),
        accept("a 52-character StatefulSet name", with(STATEFUL_SET, "/metadata/name", "a".repeat(52))),
        accept("1.32 does not require serviceName", without(STATEFUL_SET, "/spec/serviceName")),
        accept("claim retention Delete", with(STATEFUL_SET, "/spec/persistentVolumeClaimRetentionPolicy",
            "{whenDeleted: Delete, whenScaled: Retain}")));
  }

  @Test
  void aClaimTemplateNameThatIsNoLabelBreaksBothThePodVolumeAndTheClaim() {
    JsonNode statefulSet = with(with(STATEFUL_SET, CLAIM + "/metadata/name", "State"),
        "/spec/template/spec/containers/0/volumeMounts/1/name", "State");

    assertThat(ApiServerRules.check(statefulSet))
        .extracting(Violation::pointer, v -> v.message().endsWith("(" + Stage.STATEFULSET_POD.description() + ")"))
        .containsExactlyInAnyOrder(
            tuple(CLAIM + "/metadata/name", true),
            tuple(CLAIM + "/metadata/name", false));
  }
}
