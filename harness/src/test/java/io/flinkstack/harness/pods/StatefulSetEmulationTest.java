package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The StatefulSet part alone, on the mock API server, with readiness decided by the test (no processes). */
@EnableKubernetesMockClient(crud = true, https = false)
class StatefulSetEmulationTest {
  private static final String NS = "flink";

  KubernetesClient client;

  @Test
  void replicasNullKeepsTheCountAndScalingTakesTheHighestOrdinals() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("tm", null, "Parallel", null));
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0); // an autoscaler owns replicas: start with 1

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(3).endSpec().build());
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // Parallel: all at once

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(null).endSpec().build());
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // null again: the count stays

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build());
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    StatefulSet set = get("tm");
    assertThat(set.getStatus().getReplicas()).isEqualTo(1);
    assertThat(set.getStatus().getObservedGeneration()).isEqualTo(set.getMetadata().getGeneration());
  }

  @Test
  void orderedReadyCreatesOnePodAfterTheOther() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("jm", 2, null, null));
    emulation.sync(get("jm"), pods("jm"), name -> false);
    emulation.sync(get("jm"), pods("jm"), name -> false);
    assertThat(pods("jm").keySet()).containsExactly(0); // jm-0 not ready: jm-1 waits
    emulation.sync(get("jm"), pods("jm"), name -> true);
    assertThat(pods("jm").keySet()).containsExactly(0, 1);
  }

  @Test
  void rollingUpdateReplacesTheHighestOutdatedPodOneAtATime() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("tm", 3, "Parallel", null));
    emulation.sync(get("tm"), pods("tm"), name -> true);
    String oldRevision = get("tm").getStatus().getUpdateRevision();
    addEnv("tm");
    StatefulSet changed = get("tm");
    String newRevision = emulation.updateRevision(changed);
    assertThat(newRevision).isNotEqualTo(oldRevision);

    emulation.sync(changed, pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 1); // tm-2 deleted first
    emulation.sync(get("tm"), pods("tm"), name -> !name.equals("tm-2"));
    assertThat(StatefulSetEmulation.revisionOf(pods("tm").get(2))).isEqualTo(newRevision);
    emulation.sync(get("tm"), pods("tm"), name -> !name.equals("tm-2"));
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // waits for the replacement to be ready
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 2); // then tm-1
    StatefulSet status = get("tm");
    assertThat(status.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(status.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").values()).allSatisfy(pod -> assertThat(StatefulSetEmulation.revisionOf(pod)).isEqualTo(newRevision));
    assertThat(get("tm").getStatus().getCurrentRevision()).isEqualTo(newRevision);
  }

  @Test
  void onDeleteLeavesOutdatedPodsAlone() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("tm", 2, "Parallel", "OnDelete"));
    emulation.sync(get("tm"), pods("tm"), name -> true);
    String oldRevision = get("tm").getStatus().getUpdateRevision();
    addEnv("tm");
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").values()).allSatisfy(pod -> assertThat(StatefulSetEmulation.revisionOf(pod)).isEqualTo(oldRevision));
    assertThat(get("tm").getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
    assertThat(get("tm").getStatus().getUpdatedReplicas()).isZero();
  }

  // ---- revision semantics (upstream's newVersionedStatefulSetPod, the rolling loop of updateStatefulSet,
  // completeRollingUpdate); readiness from the pods' status in the API, written by the test --------------------

  private static final int NO_ROLLOUT = Integer.MAX_VALUE; // 2147483647: the partition gate closed

  @Test
  void onDeleteDeletesNothingAndADeletedPodComesBackAtTheUpdateRevision() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    Before before = settledThenChanged(emulation, 2, "OnDelete", null);
    assertThat(uids("tm")).isEqualTo(before.tmUids()); // the StatefulSet controller deletes nothing under OnDelete
    assertThat(revisions("tm")).containsExactly(before.tmRevision(), before.tmRevision());
    String newTm = get("tm").getStatus().getUpdateRevision();
    assertThat(newTm).isNotEqualTo(before.tmRevision());

    // A drain, an eviction: the pod comes back from the new template before anyone took a savepoint.
    deleteAndSync(emulation, "tm-0", "jm-0");
    assertThat(revisions("tm")).containsExactly(newTm, before.tmRevision());
    assertThat(env(pods("tm").get(0))).contains("X");
    assertThat(StatefulSetEmulation.revisionOf(pods("jm").get(0))).isEqualTo(get("jm").getStatus().getUpdateRevision()).isNotEqualTo(before.jmRevision());

    // Every pod at the update revision, all ready: under OnDelete status.currentRevision still stays
    // (completeRollingUpdate is for RollingUpdate only; kubernetes/kubernetes#73492 in 1.32).
    deletePod("tm-1");
    sync(emulation, "tm");
    markReady("tm");
    sync(emulation, "tm");
    sync(emulation, "tm");
    assertTmStatus(2, 2, before.tmRevision(), 0);
  }

  @Test
  void aClosedPartitionKeepsRecreatedPodsAtTheCurrentRevisionAndRollsNothing() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    Before before = settledThenChanged(emulation, 3, "RollingUpdate", NO_ROLLOUT);
    assertThat(uids("tm")).isEqualTo(before.tmUids());

    deleteAndSync(emulation, "tm-1", "jm-0");
    // Back from the current revision's template (no X), not the applied one.
    assertThat(revisions("tm")).containsExactly(before.tmRevision(), before.tmRevision(), before.tmRevision());
    assertThat(env(pods("tm").get(1))).doesNotContain("X");
    assertThat(StatefulSetEmulation.revisionOf(pods("jm").get(0))).isEqualTo(before.jmRevision());
    assertThat(env(pods("jm").get(0))).doesNotContain("X");
    markReady("tm");
    sync(emulation, "tm");
    StatefulSetStatus status = get("tm").getStatus();
    assertThat(status.getUpdateRevision()).isNotEqualTo(before.tmRevision());
    assertThat(status.getCurrentRevision()).isEqualTo(before.tmRevision());
    assertThat(status.getCurrentReplicas()).isEqualTo(3);
    assertThat(status.getUpdatedReplicas()).isZero();
  }

  /**
   * An apply replaces the set with the manifest, which has no status; the mock then loses the status (an API
   * server keeps it). The current revision must survive, or a recreated pod would get the applied template.
   */
  @Test
  void anApplyThatDropsTheStatusKeepsTheCurrentRevision() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(withStrategy(set("tm", 2, "Parallel", null), "RollingUpdate", NO_ROLLOUT));
    settle(emulation, "tm");
    String old = get("tm").getStatus().getUpdateRevision();
    edit("tm", s -> new StatefulSetBuilder(s).withStatus(null).editSpec().editTemplate().editSpec().editFirstContainer()
        .addToEnv(new EnvVarBuilder().withName("X").withValue("1").build()).endContainer().endSpec().endTemplate().endSpec().build());
    assertThat(get("tm").getStatus()).as("the mock drops it, as this test relies on").isNull();
    deletePod("tm-1");
    sync(emulation, "tm");
    assertThat(StatefulSetEmulation.revisionOf(pods("tm").get(1))).isEqualTo(old);
    assertThat(env(pods("tm").get(1))).doesNotContain("X");
  }

  @Test
  void loweringThePartitionRollsHighestFirstOneAtATimeEachAfterItsPredecessorIsReady() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    Rollout rollout = changedBehindAClosedPartition(emulation, 3);

    // partition 2: only ordinals >= 2 move.
    partition("tm", 2);
    sync(emulation, "tm");
    assertThat(pods("tm").keySet()).containsExactly(0, 1);
    sync(emulation, "tm");
    assertThat(revisions("tm")).containsExactly(rollout.from(), rollout.from(), rollout.to());
    sync(emulation, "tm");
    markReady("tm");
    for (int i = 0; i < 3; i++) {
      sync(emulation, "tm");
    }
    assertThat(revisions("tm")).containsExactly(rollout.from(), rollout.from(), rollout.to());
    assertThat(get("tm").getStatus().getCurrentRevision()).isEqualTo(rollout.from());

    // The gate opens: tm-1 next, then tm-0, each only once the one above is running and ready.
    partition("tm", 0);
    sync(emulation, "tm");
    assertThat(pods("tm").keySet()).containsExactly(0, 2);
    sync(emulation, "tm"); // tm-1 comes back, Pending
    sync(emulation, "tm");
    sync(emulation, "tm");
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // tm-0 waits for tm-1
    assertThat(revisions("tm")).containsExactly(rollout.from(), rollout.to(), rollout.to());
    markReady("tm");
    sync(emulation, "tm");
    assertThat(pods("tm").keySet()).containsExactly(1, 2);
    sync(emulation, "tm"); // tm-0 comes back at the update revision, not ready yet
    sync(emulation, "tm");
    // All updated but one not ready: completeRollingUpdate waits.
    assertTmStatus(3, 2, rollout.from(), 0);
    markReady("tm");
    sync(emulation, "tm");
    StatefulSetStatus status = get("tm").getStatus();
    assertThat(status.getCurrentRevision()).isEqualTo(rollout.to());
    assertThat(status.getCurrentReplicas()).isEqualTo(3);
    assertThat(status.getUpdatedReplicas()).isEqualTo(3);
  }

  @Test
  void anOrderedReadySetRollsNothingWhileAPodBelowIsNotReady() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(withStrategy(set("jm", 2, null, null), "RollingUpdate", 0));
    settle(emulation, "jm");
    String oldRevision = get("jm").getStatus().getUpdateRevision();
    addEnv("jm");
    setReady("jm-0", false);
    for (int i = 0; i < 3; i++) {
      sync(emulation, "jm");
    }
    // processReplica stops at jm-0: jm-1 is neither deleted nor updated.
    assertThat(revisions("jm")).containsExactly(oldRevision, oldRevision);
    setReady("jm-0", true);
    sync(emulation, "jm");
    assertThat(pods("jm").keySet()).containsExactly(0);
  }

  @Test
  void aParallelSetRollsTheHighestPodEvenWhileALowerOneIsNotReady() {
    // Burst mode: processReplica does not wait, and the rolling loop (MaxUnavailableStatefulSet gate off) only
    // waits for updated pods above its target to be healthy.
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(withStrategy(set("tm", 3, "Parallel", null), "RollingUpdate", 0));
    settle(emulation, "tm");
    addEnv("tm");
    setReady("tm-0", false);
    sync(emulation, "tm");
    assertThat(pods("tm").keySet()).containsExactly(0, 1);
  }

  @Test
  void scalingUpUnderAPartitionMakesPodsBelowItAtTheCurrentRevision() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    Rollout rollout = changedBehindAClosedPartition(emulation, 2);

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(4).endSpec().build()); // an HPA scales up
    sync(emulation, "tm");
    assertThat(revisions("tm")).containsExactly(rollout.from(), rollout.from(), rollout.from(), rollout.from());
    assertThat(env(pods("tm").get(3))).doesNotContain("X");

    // A partition below the HPA's maximum does not hold: ordinals at or above it come from the new template.
    partition("tm", 4);
    markReady("tm");
    sync(emulation, "tm");
    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(5).endSpec().build());
    sync(emulation, "tm");
    assertThat(revisions("tm")).containsExactly(rollout.from(), rollout.from(), rollout.from(), rollout.from(), rollout.to());
  }

  /** The update revision before and after a template change. */
  private record Rollout(String from, String to) {}

  /** A "tm" set of {@code replicas} (Parallel) behind a closed partition, settled; then a changed template, synced once. */
  private Rollout changedBehindAClosedPartition(StatefulSetEmulation emulation, int replicas) {
    create(withStrategy(set("tm", replicas, "Parallel", null), "RollingUpdate", NO_ROLLOUT));
    settle(emulation, "tm");
    String from = get("tm").getStatus().getUpdateRevision();
    addEnv("tm");
    sync(emulation, "tm");
    return new Rollout(from, get("tm").getStatus().getUpdateRevision());
  }

  /** The update revisions of "tm" and "jm", and the uids of tm's pods, before a template change. */
  private record Before(String tmRevision, String jmRevision, Map<String, String> tmUids) {}

  /**
   * A "tm" set of {@code taskManagers} (Parallel) and a "jm" set of one, both under {@code strategy}, settled;
   * then a changed template (env X) applied to both and three syncs of each.
   */
  private Before settledThenChanged(StatefulSetEmulation emulation, int taskManagers, String strategy, Integer partition) {
    create(withStrategy(set("tm", taskManagers, "Parallel", null), strategy, partition));
    create(withStrategy(set("jm", 1, null, null), strategy, partition));
    settle(emulation, "tm");
    settle(emulation, "jm");
    Before before = new Before(get("tm").getStatus().getUpdateRevision(), get("jm").getStatus().getUpdateRevision(), uids("tm"));
    addEnv("tm");
    addEnv("jm");
    for (int i = 0; i < 3; i++) {
      sync(emulation, "tm");
      sync(emulation, "jm");
    }
    return before;
  }

  /** Deletes a tm pod and a jm pod, then one sync of each set (it recreates them). */
  private void deleteAndSync(StatefulSetEmulation emulation, String tmPod, String jmPod) {
    deletePod(tmPod);
    deletePod(jmPod);
    sync(emulation, "tm");
    sync(emulation, "jm");
  }

  /** tm's status: updated and ready replicas, the current revision and how many pods are at it. */
  private void assertTmStatus(int updated, int ready, String currentRevision, int current) {
    StatefulSetStatus status = get("tm").getStatus();
    assertThat(status.getUpdatedReplicas()).as("updated replicas").isEqualTo(updated);
    assertThat(status.getReadyReplicas()).as("ready replicas").isEqualTo(ready);
    assertThat(status.getCurrentRevision()).as("current revision").isEqualTo(currentRevision);
    assertThat(status.getCurrentReplicas()).as("current replicas").isEqualTo(current);
  }

  /** Creates the pods, marks them running and ready, and lets the status settle. */
  private void settle(StatefulSetEmulation emulation, String set) {
    for (int i = 0; i < 4; i++) {
      sync(emulation, set);
      markReady(set);
    }
    sync(emulation, set);
    assertThat(get(set).getStatus().getReadyReplicas()).isEqualTo(get(set).getSpec().getReplicas());
  }

  private void sync(StatefulSetEmulation emulation, String set) {
    emulation.sync(get(set), pods(set), this::runningAndReady);
  }

  /** Upstream's isRunningAndReady, on the pod as the API has it. */
  private boolean runningAndReady(String podName) {
    Pod pod = client.pods().inNamespace(NS).withName(podName).get();
    return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
        && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void markReady(String set) {
    pods(set).values().forEach(pod -> setReady(pod.getMetadata().getName(), true));
  }

  private void setReady(String podName, boolean ready) {
    Pod pod = client.pods().inNamespace(NS).withName(podName).get();
    pod.setStatus(new PodStatusBuilder().withPhase("Running")
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().build());
    client.pods().inNamespace(NS).resource(pod).updateStatus();
  }

  private void deletePod(String podName) {
    client.pods().inNamespace(NS).withName(podName).delete();
  }

  private void partition(String name, int partition) {
    edit(name, s -> new StatefulSetBuilder(s).editSpec().editUpdateStrategy().editOrNewRollingUpdate().withPartition(partition)
        .endRollingUpdate().endUpdateStrategy().endSpec().build());
  }

  private static StatefulSet withStrategy(StatefulSet set, String type, Integer partition) {
    StatefulSetBuilder builder = new StatefulSetBuilder(set).editSpec().withNewUpdateStrategy().withType(type).endUpdateStrategy().endSpec();
    if (partition != null) {
      builder.editSpec().editUpdateStrategy().withNewRollingUpdate().withPartition(partition).endRollingUpdate().endUpdateStrategy().endSpec();
    }
    return builder.build();
  }

  private List<String> revisions(String set) {
    return pods(set).values().stream().map(StatefulSetEmulation::revisionOf).toList();
  }

  private Map<String, String> uids(String set) {
    Map<String, String> uids = new TreeMap<>();
    pods(set).values().forEach(pod -> uids.put(pod.getMetadata().getName(), pod.getMetadata().getUid()));
    return uids;
  }

  private static List<String> env(Pod pod) {
    return Optional.ofNullable(pod.getSpec().getContainers().get(0).getEnv()).orElse(List.of()).stream().map(e -> e.getName()).toList();
  }

  private StatefulSet set(String name, Integer replicas, String podManagement, String strategy) {
    StatefulSetBuilder builder =
        new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
            .withNewSpec().withReplicas(replicas).withPodManagementPolicy(podManagement).withServiceName(name)
            .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
            .withNewSpec().addNewContainer().withName("taskmanager").withArgs("taskmanager").endContainer().endSpec()
            .endTemplate().endSpec();
    if (strategy != null) {
      builder.editSpec().withNewUpdateStrategy().withType(strategy).endUpdateStrategy().endSpec();
    }
    return builder.build();
  }

  private void create(StatefulSet set) {
    client.apps().statefulSets().inNamespace(NS).resource(set).create();
  }

  private StatefulSet get(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private void edit(String name, UnaryOperator<StatefulSet> change) {
    client.apps().statefulSets().inNamespace(NS).withName(name).edit(change);
  }

  private void addEnv(String name) {
    edit(name, s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
        .addToEnv(new EnvVarBuilder().withName("X").withValue("1").build()).endContainer().endSpec().endTemplate().endSpec().build());
  }

  private TreeMap<Integer, Pod> pods(String set) {
    TreeMap<Integer, Pod> pods = new TreeMap<>();
    List<Pod> items = client.pods().inNamespace(NS).list().getItems();
    for (Pod pod : items) {
      String podName = pod.getMetadata().getName();
      if (podName.startsWith(set + "-")) {
        pods.put(Integer.parseInt(podName.substring(set.length() + 1)), pod);
      }
    }
    return pods;
  }
}
