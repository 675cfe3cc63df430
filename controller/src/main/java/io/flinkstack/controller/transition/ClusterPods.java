package io.flinkstack.controller.transition;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.kubernetes.StatefulSetSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An application cluster's JobManager and TaskManager StatefulSets and their pods, as just read: which pods
 * still run an old revision (behind the upgrade gate — a {@code RollingUpdate} partition above every ordinal, or
 * {@code OnDelete} — applied manifests wait there for the controller).
 */
public record ClusterPods(List<Workload> workloads) {

  /** One StatefulSet and its pods. */
  public record Workload(StatefulSetSnapshot set, List<PodSnapshot> pods) {
    /** Pods made from another template than the set's update revision (none while the revision is unknown). */
    public List<PodSnapshot> outdated() {
      String target = set.updateRevision();
      return target == null ? List.of() : pods.stream().filter(pod -> !pod.terminating() && !target.equals(pod.revision())).toList();
    }
  }

  public static ClusterPods read(KubernetesGateway kubernetes, String namespace, String cluster) {
    List<Workload> workloads = new ArrayList<>();
    for (String component : List.of(Labels.COMPONENT_JOBMANAGER, Labels.COMPONENT_TASKMANAGER)) {
      String name = component.equals(Labels.COMPONENT_JOBMANAGER) ? ClusterNames.jobManager(cluster) : ClusterNames.taskManager(cluster);
      Optional<StatefulSetSnapshot> set = kubernetes.statefulSet(namespace, name);
      if (set.isPresent()) {
        workloads.add(new Workload(set.get(), kubernetes.pods(namespace, Map.of(
            Labels.NAME, Labels.NAME_FLINK, Labels.INSTANCE, cluster, Labels.COMPONENT, component))));
      }
    }
    return new ClusterPods(List.copyOf(workloads));
  }

  public List<PodSnapshot> outdated() {
    return workloads.stream().flatMap(workload -> workload.outdated().stream()).toList();
  }

  /** Pods of a gated set ({@link StatefulSetSnapshot#gated()}) that wait for the controller to replace them. */
  public List<PodSnapshot> awaitingUpgrade() {
    return workloads.stream()
        .filter(workload -> workload.set().gated())
        .flatMap(workload -> workload.outdated().stream())
        .toList();
  }

  /** Whether every set's update revision is known (a set's status may not have been written yet for its spec). */
  public boolean revisionsKnown() {
    return workloads.stream().allMatch(workload -> workload.set().updateRevision() != null);
  }

  /** What an upgrade leads to: each set's update revision ({@code name=revision,…}). */
  public String target() {
    return revisions(StatefulSetSnapshot::updateRevision);
  }

  /**
   * What each set wants now, by set name: its {@code spec.replicas}, which under an HPA is the HPA's latest count. A
   * suspend records this and a resume scales back to it: an HPA stops scaling a set at zero and takes over again from
   * the count it finds.
   */
  public Map<String, Integer> replicas() {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    workloads.forEach(workload -> replicas.put(workload.set().name(), workload.set().replicas()));
    return replicas;
  }

  public List<PodSnapshot> pods() {
    return workloads.stream().flatMap(workload -> workload.pods().stream()).toList();
  }

  /** As many ready pods as each set wants (when it says), whatever their revision. */
  public boolean allReady() {
    return allReady(false);
  }

  /**
   * As {@link #allReady()}, counting a pod whose containers are ready even while its readiness gate waits for the
   * controller ({@link PodSnapshot#containersReady()}).
   */
  public boolean allReady(boolean containersOnly) {
    for (Workload workload : workloads) {
      long ready = workload.pods().stream().filter(pod -> !pod.terminating() && (containersOnly ? pod.containersReady() : pod.ready())).count();
      if (ready == 0 || ready < workload.set().replicas()) {
        return false;
      }
    }
    return true;
  }

  /** Every pod made from its set's update revision, ready, and as many as the set wants (when it says). */
  public boolean allUpdatedAndReady() {
    return allUpdatedAndReady(false);
  }

  /** As {@link #allUpdatedAndReady()}, counting pods whose containers are ready (see {@link #allReady(boolean)}). */
  public boolean allUpdatedAndReady(boolean containersOnly) {
    return workloads.stream().allMatch(workload -> workload.outdated().isEmpty()) && allReady(containersOnly);
  }

  /** Every set's current revision ({@code name=revision,…}, as {@link #target()}): what a rollback goes back to. */
  public String current() {
    return revisions(StatefulSetSnapshot::currentRevision);
  }

  /** {@code name=revision,…} over the sets, in order; {@link #revisions(String)} reads it back. */
  private String revisions(Function<StatefulSetSnapshot, String> revision) {
    StringBuilder revisions = new StringBuilder();
    for (Workload workload : workloads) {
      revisions.append(revisions.length() == 0 ? "" : ",").append(workload.set().name()).append('=').append(revision.apply(workload.set()));
    }
    return revisions.toString();
  }

  /** The revision {@code revisions} ({@code name=revision,…}) names for {@code cluster}'s JobManager set, or null. */
  public static String jobManagerRevision(String cluster, String revisions) {
    return revisions == null ? null : revisions(revisions).get(ClusterNames.jobManager(cluster));
  }

  /** Pods not made from the revision {@code revisions} ({@code name=revision,…}) names for their set. */
  public List<PodSnapshot> notAt(String revisions) {
    Map<String, String> bySet = revisions(revisions);
    return workloads.stream().flatMap(workload -> workload.pods().stream()
        .filter(pod -> !pod.terminating() && !Objects.equals(bySet.get(workload.set().name()), pod.revision()))).toList();
  }

  /** Every pod at the revision {@code revisions} names for its set, ready, and as many as each set wants. */
  public boolean allAtAndReady(String revisions) {
    return notAt(revisions).isEmpty() && allReady(false);
  }

  /** Whether every pod declares the controller's readiness gate (a rollback needs it: see {@code UpgradeGate}). */
  public boolean allGated() {
    return pods().stream().filter(pod -> !pod.terminating()).allMatch(PodSnapshot::gated);
  }

  /**
   * Gated pods whose condition the controller may set now: those made from their set's current revision, the last
   * one whose job ran. A pod of any other revision waits — an upgrade's new pods until its job runs (the upgrade marks
   * them then), a failing upgrade's pods during its rollback (marked, they would let the StatefulSet make the failing
   * revision current before they are replaced) — which keeps each set's current revision the last verified one.
   */
  public List<PodSnapshot> verifiable() {
    List<PodSnapshot> verifiable = new ArrayList<>();
    for (Workload workload : workloads) {
      String current = workload.set().currentRevision();
      for (PodSnapshot pod : workload.pods()) {
        if (pod.awaitsVerification() && current != null && current.equals(pod.revision())) {
          verifiable.add(pod);
        }
      }
    }
    return verifiable;
  }

  /** Gated pods that still wait for their condition. */
  public List<PodSnapshot> awaitingVerification() {
    return pods().stream().filter(PodSnapshot::awaitsVerification).toList();
  }

  private static Map<String, String> revisions(String revisions) {
    Map<String, String> bySet = new LinkedHashMap<>();
    for (String entry : revisions.split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        bySet.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return bySet;
  }
}
