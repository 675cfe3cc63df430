package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.CONFIG_MAP;
import static io.flinkstack.schemas.TestManifests.DEPLOYMENT;
import static io.flinkstack.schemas.TestManifests.HEADLESS_SERVICE;
import static io.flinkstack.schemas.TestManifests.PERSISTENT_VOLUME_CLAIM;
import static io.flinkstack.schemas.TestManifests.ROLE_BINDING;
import static io.flinkstack.schemas.TestManifests.SERVICE;
import static io.flinkstack.schemas.TestManifests.STATEFUL_SET;
import static io.flinkstack.schemas.TestManifests.parse;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinkstack.schemas.apiserver.ImmutableFields.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule: the change it refuses, and neighbouring changes an update accepts. */
class ImmutableFieldsTest {
  private static final String JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: wordcount-migrate
        namespace: flink
      spec:
        backoffLimit: 2
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: migrate
                image: flink:2.1
      """;

  private static List<Change> changes(JsonNode before, JsonNode after) {
    return ImmutableFields.changes(before, after);
  }

  private static Change only(JsonNode before, JsonNode after) {
    List<Change> changes = changes(before, after);
    assertThat(changes).hasSize(1);
    return changes.get(0);
  }

  /** The changes of an update that sets the value at {@code pointer} of {@code manifest} to {@code valueYaml}. */
  private static List<Change> changes(String manifest, String pointer, String valueYaml) {
    return changes(parse(manifest), with(manifest, pointer, valueYaml));
  }

  /** The one change of such an update. */
  private static Change only(String manifest, String pointer, String valueYaml) {
    return only(parse(manifest), with(manifest, pointer, valueYaml));
  }

  // StatefulSet: ValidateStatefulSetUpdate.

  @Test
  void aStatefulSetsServiceNameIsImmutableAndOrphaningIsTheWayOut() {
    Change change = only(STATEFUL_SET, "/spec/serviceName", "wordcount-taskmanager-headless");
    assertThat(change.pointer()).isEqualTo("/spec/serviceName");
    assertThat(change.change()).isEqualTo("'wordcount-taskmanager' → 'wordcount-taskmanager-headless'");
    assertThat(change.rule()).contains("ValidateStatefulSetUpdate").contains("refused");
    assertThat(change.procedure())
        .startsWith("kubectl delete statefulset wordcount-taskmanager -n flink --cascade=orphan, then kubectl apply");
    assertThat(change.toString()).startsWith("StatefulSet wordcount-taskmanager -n flink /spec/serviceName: ");
  }

  @Test
  void aStatefulSetsClaimTemplatesAreImmutable() {
    Change resized = only(STATEFUL_SET, "/spec/volumeClaimTemplates/0/spec/resources/requests/storage", "20Gi");
    assertThat(resized.pointer()).isEqualTo("/spec/volumeClaimTemplates");
    assertThat(resized.change()).isEqualTo("claim 'state' at /spec/resources/requests/storage '10Gi' → '20Gi'");
    assertThat(resized.procedure()).contains("--cascade=orphan").contains("kubectl patch pvc");

    Change added = only(without(STATEFUL_SET, "/spec/volumeClaimTemplates"), parse(STATEFUL_SET));
    assertThat(added.change()).isEqualTo("claims [] → [state]");
    Change newClass = only(STATEFUL_SET, "/spec/volumeClaimTemplates/0/spec/storageClassName", "io2");
    assertThat(newClass.change()).contains("storageClassName").contains("'gp3' → 'io2'");
  }

  @Test
  void aStatefulSetsClaimTemplatesCompareAsStored() {
    // The API server drops apiVersion/kind/status of a claim template and defaults volumeMode.
    ObjectNode stored = without(without(STATEFUL_SET, "/spec/volumeClaimTemplates/0/apiVersion"),
        "/spec/volumeClaimTemplates/0/kind");
    stored = with(stored, "/spec/volumeClaimTemplates/0/spec/volumeMode", "Filesystem");
    stored = with(stored, "/spec/volumeClaimTemplates/0/status", "{phase: Pending}");
    assertThat(changes(parse(STATEFUL_SET), stored)).isEmpty();
    assertThat(changes(STATEFUL_SET, "/spec/volumeClaimTemplates", "[]")).hasSize(1);
  }

  @Test
  void aStatefulSetsPodManagementPolicyAndRevisionHistoryLimitAreImmutableAfterDefaulting() {
    Change policy = only(STATEFUL_SET, "/spec/podManagementPolicy", "OrderedReady");
    assertThat(policy.pointer()).isEqualTo("/spec/podManagementPolicy");
    // Unset is OrderedReady: removing an explicit Parallel is a change, removing an explicit OrderedReady is not.
    assertThat(only(parse(STATEFUL_SET), without(STATEFUL_SET, "/spec/podManagementPolicy")).change())
        .isEqualTo("'Parallel' → 'OrderedReady'");
    ObjectNode ordered = with(STATEFUL_SET, "/spec/podManagementPolicy", "OrderedReady");
    assertThat(changes(ordered, without(ordered, "/spec/podManagementPolicy"))).isEmpty();

    assertThat(only(STATEFUL_SET, "/spec/revisionHistoryLimit", "3").pointer())
        .isEqualTo("/spec/revisionHistoryLimit");
    assertThat(changes(STATEFUL_SET, "/spec/revisionHistoryLimit", "10")).isEmpty();
  }

  @Test
  void aStatefulSetsSelectorIsImmutableAndThePodsMustGoWithIt() {
    Change change = only(STATEFUL_SET, "/spec/selector/matchLabels/app.kubernetes.io~1instance", "wordcount");
    assertThat(change.pointer()).isEqualTo("/spec/selector");
    assertThat(change.change()).isEqualTo("at /matchLabels/app.kubernetes.io~1instance unset → 'wordcount'");
    assertThat(change.procedure()).startsWith("kubectl delete statefulset wordcount-taskmanager -n flink (its pods go")
        .doesNotContain("orphan");
  }

  @Test
  void aStatefulSetMayChangeReplicasOrdinalsTemplateStrategyRetentionAndMinReadySeconds() {
    ObjectNode after = with(STATEFUL_SET, "/spec/replicas", "5");
    after = with(after, "/spec/template/spec/containers/0/image", "flink:2.2");
    after = with(after, "/spec/updateStrategy", "{type: OnDelete}");
    after = with(after, "/spec/minReadySeconds", "10");
    after = with(after, "/spec/ordinals", "{start: 1}");
    after = with(after, "/spec/persistentVolumeClaimRetentionPolicy", "{whenDeleted: Delete, whenScaled: Retain}");
    assertThat(changes(parse(STATEFUL_SET), after)).isEmpty();
    assertThat(changes(parse(STATEFUL_SET), without(STATEFUL_SET, "/spec/replicas"))).isEmpty();
  }

  @Test
  void everyImmutableStatefulSetFieldIsOneLine() {
    ObjectNode after = with(STATEFUL_SET, "/spec/serviceName", "other");
    after = with(after, "/spec/podManagementPolicy", "OrderedReady");
    after = with(after, "/spec/volumeClaimTemplates/0/metadata/name", "data");
    assertThat(changes(parse(STATEFUL_SET), after)).extracting(Change::pointer)
        .containsExactly("/spec/serviceName", "/spec/podManagementPolicy", "/spec/volumeClaimTemplates");
  }

  // Deployment (and DaemonSet, ReplicaSet): the registry's ValidateUpdate.

  @Test
  void aDeploymentsSelectorIsImmutable() {
    ObjectNode before = parse(DEPLOYMENT);
    String key = before.at("/spec/selector/matchLabels").fieldNames().next().replace("~", "~0").replace("/", "~1");
    Change change = only(before, with(DEPLOYMENT, "/spec/selector/matchLabels/" + key, "other"));
    assertThat(change.pointer()).isEqualTo("/spec/selector");
    assertThat(change.rule()).contains("apps/v1");
    assertThat(change.procedure()).startsWith("kubectl delete deployment ");
    assertThat(changes(before, with(DEPLOYMENT, "/spec/replicas", "7"))).isEmpty();
    ObjectNode daemonSet = with(DEPLOYMENT, "/kind", "DaemonSet");
    assertThat(changes(daemonSet, with(daemonSet, "/spec/selector/matchLabels/" + key, "other"))).hasSize(1);
  }

  // Service: ValidateServiceUpdate, patchAllocatedValues.

  @Test
  void aServiceCannotBecomeHeadlessNorStopBeingIt() {
    ObjectNode clusterIp = without(HEADLESS_SERVICE, "/spec/clusterIP");
    Change toHeadless = only(clusterIp, parse(HEADLESS_SERVICE));
    assertThat(toHeadless.pointer()).isEqualTo("/spec/clusterIP");
    assertThat(toHeadless.change()).isEqualTo("an allocated address → 'None'");
    assertThat(toHeadless.rule()).contains("ValidateServiceUpdate").contains("refused");
    assertThat(toHeadless.procedure()).startsWith("kubectl delete service wordcount-taskmanager -n flink, then kubectl apply");

    Change fromHeadless = only(parse(HEADLESS_SERVICE), clusterIp);
    assertThat(fromHeadless.change()).isEqualTo("'None' → unset");
    assertThat(fromHeadless.rule()).contains("succeeds but changes nothing");
  }

  @Test
  void aServicesPortsTypeAndSelectorMayChange() {
    ObjectNode after = with(SERVICE, "/spec/type", "ClusterIP");
    after = with(after, "/spec/ports/0/port", "8082");
    after = with(after, "/spec/selector/extra", "x");
    assertThat(changes(parse(SERVICE), after)).isEmpty();
    assertThat(changes(with(SERVICE, "/spec/type", "ExternalName"), with(SERVICE, "/spec/clusterIP", "None"))).isEmpty();
  }

  // PersistentVolumeClaim: ValidatePersistentVolumeClaimUpdate.

  @Test
  void aClaimMayGrowButNotShrinkNorChangeAnythingElse() {
    ObjectNode before = parse(PERSISTENT_VOLUME_CLAIM);
    assertThat(changes(before, with(PERSISTENT_VOLUME_CLAIM, "/spec/resources/requests/storage", "10Gi"))).isEmpty();
    Change shrink = only(before, with(PERSISTENT_VOLUME_CLAIM, "/spec/resources/requests/storage", "4096Mi"));
    assertThat(shrink.pointer()).isEqualTo("/spec/resources/requests/storage");
    assertThat(shrink.change()).isEqualTo("'5Gi' → '4096Mi'");
    assertThat(shrink.procedure()).contains("kubectl delete pvc flink-artifacts -n flink");
    assertThat(only(before, with(PERSISTENT_VOLUME_CLAIM, "/spec/accessModes", "[ReadWriteOnce]")).pointer())
        .isEqualTo("/spec/accessModes");
    assertThat(only(before, with(PERSISTENT_VOLUME_CLAIM, "/spec/resources/limits", "{storage: 5Gi}")).pointer())
        .isEqualTo("/spec/resources");
    // volumeMode defaults to Filesystem.
    assertThat(changes(before, without(PERSISTENT_VOLUME_CLAIM, "/spec/volumeMode"))).isEmpty();
    assertThat(changes(before, with(PERSISTENT_VOLUME_CLAIM, "/spec/volumeName", "pv-1"))).isEmpty();
  }

  @Test
  void aClaimsStorageClassIsImmutableOnceSet() {
    ObjectNode gp3 = with(PERSISTENT_VOLUME_CLAIM, "/spec/storageClassName", "gp3");
    assertThat(only(gp3, with(gp3, "/spec/storageClassName", "io2")).rule()).contains("refused");
    Change fromUnset = only(parse(PERSISTENT_VOLUME_CLAIM), gp3);
    assertThat(fromUnset.change()).isEqualTo("unset → 'gp3'");
    assertThat(fromUnset.rule()).contains("RetroactiveDefaultStorageClass");
  }

  // Job: ValidateJobSpecUpdate.

  @Test
  void aJobsTemplateIsImmutable() {
    Change change = only(JOB, "/spec/template/spec/containers/0/image", "flink:2.2");
    assertThat(change.pointer()).isEqualTo("/spec/template");
    assertThat(change.procedure()).startsWith("kubectl delete job wordcount-migrate -n flink");
    assertThat(changes(JOB, "/spec/backoffLimit", "5")).isEmpty();
  }

  // RoleBinding, ClusterRoleBinding: ValidateRoleBindingUpdate.

  @Test
  void aBindingsRoleRefIsImmutable() {
    Change change = only(ROLE_BINDING, "/roleRef/name", "wordcount-admin");
    assertThat(change.pointer()).isEqualTo("/roleRef");
    assertThat(change.rule()).contains("ValidateRoleBindingUpdate");
    assertThat(changes(parse(ROLE_BINDING), without(ROLE_BINDING, "/subjects/1"))).isEmpty();
  }

  // ConfigMap, Secret: ValidateConfigMapUpdate, ValidateSecretUpdate.

  @Test
  void anImmutableConfigMapKeepsItsData() {
    ObjectNode frozen = with(CONFIG_MAP, "/immutable", "true");
    assertThat(only(frozen, with(frozen, "/data/config.yaml", "x: 1")).pointer()).isEqualTo("/data");
    assertThat(only(frozen, without(frozen, "/immutable")).pointer()).isEqualTo("/immutable");
    assertThat(changes(CONFIG_MAP, "/data/config.yaml", "x: 1")).isEmpty();
  }

  // Matching.

  @Test
  void objectsAreMatchedByGroupKindNamespaceAndName() {
    ObjectNode renamedServiceName = with(STATEFUL_SET, "/spec/serviceName", "other");
    // Another version of the same group is the same stored object.
    assertThat(ImmutableFields.compare(List.of(with(STATEFUL_SET, "/apiVersion", "apps/v1beta2")),
        List.of(renamedServiceName))).hasSize(1);
    assertThat(ImmutableFields.compare(List.of(parse(STATEFUL_SET)),
        List.of(with(renamedServiceName, "/metadata/namespace", "other")))).isEmpty();
    assertThat(ImmutableFields.compare(List.of(parse(STATEFUL_SET)),
        List.of(with(renamedServiceName, "/metadata/name", "other")))).isEmpty();
    assertThat(ImmutableFields.compare(List.of(parse(STATEFUL_SET), parse(HEADLESS_SERVICE)),
        List.of(parse(HEADLESS_SERVICE), renamedServiceName))).extracting(c -> c.object().kind())
        .containsExactly("StatefulSet");
    assertThat(ImmutableFields.compare(List.of(), List.of(parse(STATEFUL_SET)))).isEmpty();
    assertThat(ImmutableFields.changes(parse("kind: StatefulSet"), renamedServiceName)).isEmpty();
  }
}
