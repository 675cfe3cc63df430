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
import java.util.Optional;

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

  /** What an upgrade leads to: each set's update revision ({@code name=revision,…}). */
  public String target() {
    StringBuilder target = new StringBuilder();
    for (Workload workload : workloads) {
      target.append(target.length() == 0 ? "" : ",").append(workload.set().name()).append('=').append(workload.set().updateRevision());
    }
    return target.toString();
  }

  /**
   * What each set runs now, by set name: its declared replicas, or, where an autoscaler owns them (no
   * {@code spec.replicas}), the pods it has. A suspend records this and a resume scales back to it: an HPA
   * stops scaling a set at zero and takes over again from the count it finds.
   */
  public Map<String, Integer> replicas() {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    workloads.forEach(workload -> replicas.put(workload.set().name(), workload.set().replicas() != null
        ? workload.set().replicas() : (int) workload.pods().stream().filter(pod -> !pod.terminating()).count()));
    return replicas;
  }

  public List<PodSnapshot> pods() {
    return workloads.stream().flatMap(workload -> workload.pods().stream()).toList();
  }

  /** As many ready pods as each set wants (when it says), whatever their revision. */
  public boolean allReady() {
    for (Workload workload : workloads) {
      long ready = workload.pods().stream().filter(pod -> !pod.terminating() && pod.ready()).count();
      if (ready == 0 || (workload.set().replicas() != null && ready < workload.set().replicas())) {
        return false;
      }
    }
    return true;
  }

  /** Every pod made from its set's update revision, ready, and as many as the set wants (when it says). */
  public boolean allUpdatedAndReady() {
    for (Workload workload : workloads) {
      long ready = workload.pods().stream().filter(pod -> !pod.terminating() && pod.ready()).count();
      if (!workload.outdated().isEmpty() || (workload.set().replicas() != null && ready < workload.set().replicas())) {
        return false;
      }
    }
    return true;
  }
}
