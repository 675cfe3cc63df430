package io.flinkstack.harness.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The StatefulSet controller's part, for the harness' StatefulSets, following upstream's
 * {@code pkg/controller/statefulset} (Kubernetes 1.32, default feature gates; functions cited where they are
 * followed): pods {@code <set>-<ordinal>}, each made from the template of the revision it is given
 * ({@code newVersionedStatefulSetPod}); scaling; the two update strategies with the rolling update's
 * {@code partition}; and the status the controller and kubectl read.
 *
 * <p>Readiness is what the caller's predicate says (the harness' kubelet: process up, readiness probe answering
 * and every readiness gate True, the pod's Ready condition); it stands for upstream's
 * {@code isRunningAndReady}/{@code isHealthy}. The mock API server deletes
 * at once, so no pod is ever terminating here.
 *
 * <p>Not done: ControllerRevision objects (revisions are kept in memory, see {@link #templates}),
 * {@code minReadySeconds} (available = ready), {@code maxUnavailable} (the {@code MaxUnavailableStatefulSet} gate
 * is off by default in 1.32, so upstream ignores the field too), {@code ordinals.start}, replacing Failed or
 * Succeeded pods (the harness' kubelet restarts containers and never fails a pod), claim retention policies
 * (claims are always retained).
 */
final class StatefulSetEmulation {
  static final String REVISION_LABEL = "controller-revision-hash";
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  private static final String ROLLING_UPDATE = "RollingUpdate";
  private static final String ON_DELETE = "OnDelete";

  // Keys sorted, so the hash does not depend on the order a client happened to send map entries in.
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final KubernetesClient client;
  private final String namespace;
  // spec.replicas may be null (an autoscaler owns it): the count then stays what it was, 1 at first.
  // Concurrent: awaitPodsReady reads the counts from the caller's thread.
  private final Map<String, Integer> replicas = new ConcurrentHashMap<>();
  /**
   * Revision name → the pod template last seen with that hash. Upstream keeps each revision as a
   * ControllerRevision and rebuilds "the set at the current revision" from it ({@code ApplyRevision}); this
   * emulation keeps no ControllerRevision objects, so it remembers the templates itself, in memory. Only the
   * template: upstream's revision patch ({@code getPatch}) holds {@code spec.template} alone, so everything else
   * (update strategy, partition, replicas) always comes from the live set, also for pods made at the current
   * revision. A revision this instance never saw (the harness was restarted with a rollout half done) is treated
   * as upstream treats a current revision it cannot find: as the update revision ({@code getStatefulSetRevisions}).
   */
  private final Map<String, PodTemplateSpec> templates = new ConcurrentHashMap<>();
  // The current revision of each set as last computed (see sync: the mock loses the status on a spec PUT).
  private final Map<String, String> lastCurrentRevision = new ConcurrentHashMap<>();

  StatefulSetEmulation(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** {@code <set>-<hash of the pod template>}: changes exactly when the template does. */
  String updateRevision(StatefulSet set) {
    try {
      String json = client.getKubernetesSerialization().asJson(set.getSpec().getTemplate());
      Object tree = CANONICAL.readValue(json, Object.class);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(tree));
      return set.getMetadata().getName() + "-" + HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException | java.io.IOException e) {
      throw new IllegalStateException("cannot hash the pod template of " + set.getMetadata().getName(), e);
    }
  }

  int desiredReplicas(StatefulSet set) {
    String name = set.getMetadata().getName();
    Integer declared = set.getSpec().getReplicas();
    if (declared != null) {
      replicas.put(name, declared);
      return declared;
    }
    return replicas.computeIfAbsent(
        name, n -> Optional.ofNullable(set.getStatus()).map(StatefulSetStatus::getReplicas).filter(r -> r > 0).orElse(1));
  }

  /**
   * The update strategy after the API server's defaulting ({@code SetDefaults_StatefulSet},
   * pkg/apis/apps/v1/defaults.go), which the mock does not do: no type → {@code RollingUpdate} with
   * {@code rollingUpdate: {partition: 0}}; type {@code RollingUpdate} with a {@code rollingUpdate} but no partition →
   * partition 0; type {@code RollingUpdate} spelled out without {@code rollingUpdate} stays without one (that
   * case takes the {@code currentReplicas} branch of {@code newVersionedStatefulSetPod}).
   *
   * @param partition null when there is no {@code rollingUpdate}
   */
  private record Strategy(String type, Integer partition) {
    static Strategy of(StatefulSet set) {
      StatefulSetUpdateStrategy declared = set.getSpec().getUpdateStrategy();
      String type = declared == null || declared.getType() == null || declared.getType().isEmpty() ? null : declared.getType();
      RollingUpdateStatefulSetStrategy rolling = declared == null ? null : declared.getRollingUpdate();
      if (type == null) {
        return new Strategy(ROLLING_UPDATE, rolling == null || rolling.getPartition() == null ? 0 : rolling.getPartition());
      }
      if (ROLLING_UPDATE.equals(type) && rolling != null) {
        return new Strategy(type, rolling.getPartition() == null ? 0 : rolling.getPartition());
      }
      // OnDelete with a rollingUpdate is refused by the API server's validation; the mock keeps it, we ignore it.
      return new Strategy(type, null);
    }

    boolean rolling() {
      return ROLLING_UPDATE.equals(type);
    }
  }

  /**
   * One pass, in upstream's order ({@code updateStatefulSet}, stateful_set_control.go): create missing pods and
   * wait for unhealthy ones ({@code processReplica}), then scale down ({@code processCondemned}), then — for
   * {@code RollingUpdate} only — delete the highest pod at or above the partition that is not at the update
   * revision; then write the status if it changed ({@code updateStatefulSetStatus}).
   *
   * @param pods the set's pods by ordinal, as listed at the start of the pass
   * @param ready whether the kubelet part considers a pod (by name) running and ready
   */
  void sync(StatefulSet set, TreeMap<Integer, Pod> pods, Predicate<String> ready) {
    String updateRevision = updateRevision(set);
    templates.put(updateRevision, client.getKubernetesSerialization().clone(set.getSpec().getTemplate()));
    // getStatefulSetRevisions: the current revision is status.currentRevision if that revision exists, else
    // the update revision (a new set).
    // The mock API server replaces a StatefulSet's status with the body of a PUT to the set itself (it has no
    // status subresource semantics): an apply of the manifests would wipe it. An API server keeps it, so the
    // emulation falls back to what it last wrote.
    String setName = set.getMetadata().getName();
    String currentRevision =
        Optional.ofNullable(set.getStatus()).map(StatefulSetStatus::getCurrentRevision)
            .or(() -> Optional.ofNullable(lastCurrentRevision.get(setName)))
            .filter(templates::containsKey).orElse(updateRevision);
    int desired = desiredReplicas(set);
    Strategy strategy = Strategy.of(set);
    // allowsBurst: only Parallel relaxes the ordering; it never changes the rolling update's order.
    boolean monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
    Predicate<Pod> healthy = pod -> pod != null && ready.test(pod.getMetadata().getName());

    // computeReplicaStatus, over the pods as listed (upstream counts the same pods before acting).
    StatefulSetStatus status = count(set, pods.values(), ready, currentRevision, updateRevision);

    NavigableMap<Integer, Pod> replicasInRange = pods.headMap(desired, false);
    NavigableMap<Integer, Pod> condemned = pods.tailMap(desired, true).descendingMap();
    Set<Integer> createdNow = new HashSet<>();
    boolean stop = false;

    // processReplica, ordinal by ordinal. Monotonic (OrderedReady): create at most one pod, and go no further
    // than the first pod that is not running and ready: nothing below is scaled down or updated meanwhile.
    for (int ordinal = 0; ordinal < desired && !stop; ordinal++) {
      Pod pod = replicasInRange.get(ordinal);
      if (pod == null) {
        String revision = newPodRevision(strategy, set, ordinal, currentRevision, updateRevision);
        createPod(set, ordinal, revision, templates.get(revision));
        createdNow.add(ordinal);
        stop = monotonic;
      } else if (monotonic && !healthy.test(pod)) {
        stop = true;
      }
    }

    // processCondemned: ordinals >= replicas, highest first. Monotonic: one per pass, and an unhealthy one only
    // if it is the first unhealthy pod (here: the lowest unhealthy condemned one, all replicas being healthy).
    if (!stop) {
      Integer firstUnhealthy =
          pods.tailMap(desired, true).entrySet().stream().filter(e -> !healthy.test(e.getValue())).map(Map.Entry::getKey).findFirst().orElse(null);
      for (Map.Entry<Integer, Pod> entry : condemned.entrySet()) {
        if (monotonic && !healthy.test(entry.getValue()) && !entry.getKey().equals(firstUnhealthy)) {
          stop = true;
          break;
        }
        deletePod(entry.getValue());
        if (monotonic) {
          stop = true;
          break;
        }
      }
    }

    // "for the OnDelete strategy we short circuit": the controller deletes nothing; deleted pods come back
    // through newVersionedStatefulSetPod.
    if (!stop && strategy.rolling()) {
      // The rolling update (MaxUnavailableStatefulSet gate off): from the highest ordinal down to the
      // partition, delete the first pod not at the update revision and stop; stop too at an updated pod that
      // is not healthy yet. So one pod at a time, highest first, each replacement ready before the next goes.
      int updateMin = strategy.partition() == null ? 0 : strategy.partition();
      for (int target = desired - 1; target >= updateMin; target--) {
        Pod pod = replicasInRange.get(target);
        if (pod == null || createdNow.contains(target)) {
          break; // just created (not running yet): unhealthy
        }
        if (!updateRevision.equals(revisionOf(pod))) {
          deletePod(pod);
          // Upstream decrements currentReplicas for the pod it deletes; only when it was current here, so an
          // intermediate revision cannot drive the count below zero.
          if (currentRevision.equals(revisionOf(pod))) {
            status.setCurrentReplicas(status.getCurrentReplicas() - 1);
          }
          break;
        }
        if (!healthy.test(pod)) {
          break;
        }
      }
    }

    completeRollingUpdate(strategy, desired, status);
    forgetUnusedRevisions(set.getMetadata().getName(), pods, status);
    writeStatus(set, status);
  }

  /**
   * Which revision a pod made now for {@code ordinal} gets ({@code newVersionedStatefulSetPod},
   * stateful_set_utils.go): the current one if the strategy is RollingUpdate without {@code rollingUpdate} and the
   * ordinal is below {@code status.currentReplicas}, or if there is a {@code rollingUpdate} and the ordinal is below
   * its partition; the update revision otherwise. So under {@code OnDelete} every pod made — a deleted one
   * replaced, a scale-up — runs the update revision; under a partition, pods below it come back at the current one.
   * (Upstream's condition reads {@code RollingUpdate && rollingUpdate == nil && … || rollingUpdate != nil && …};
   * validation keeps {@code rollingUpdate} nil for OnDelete, so both readings agree.)
   */
  private static String newPodRevision(Strategy strategy, StatefulSet set, int ordinal, String currentRevision, String updateRevision) {
    int currentReplicas = Optional.ofNullable(set.getStatus()).map(StatefulSetStatus::getCurrentReplicas).orElse(0);
    boolean atCurrent =
        (strategy.rolling() && strategy.partition() == null && ordinal < currentReplicas)
            || (strategy.partition() != null && ordinal < strategy.partition());
    return atCurrent ? currentRevision : updateRevision;
  }

  /**
   * {@code computeReplicaStatus}: replicas = pods created, ready and available (no {@code minReadySeconds}) =
   * running and ready, current/updated = pods at the current/update revision.
   */
  private static StatefulSetStatus count(
      StatefulSet set, Collection<Pod> pods, Predicate<String> ready, String currentRevision, String updateRevision) {
    int readyCount = (int) pods.stream().filter(pod -> ready.test(pod.getMetadata().getName())).count();
    StatefulSetStatus status =
        new StatefulSetStatusBuilder(Optional.ofNullable(set.getStatus()).orElseGet(StatefulSetStatus::new))
            .withObservedGeneration(set.getMetadata().getGeneration())
            .withReplicas(pods.size())
            .withReadyReplicas(readyCount)
            .withAvailableReplicas(readyCount)
            .withCurrentReplicas((int) pods.stream().filter(pod -> currentRevision.equals(revisionOf(pod))).count())
            .withUpdatedReplicas((int) pods.stream().filter(pod -> updateRevision.equals(revisionOf(pod))).count())
            .withCurrentRevision(currentRevision)
            .withUpdateRevision(updateRevision)
            .build();
    return status;
  }

  /**
   * {@code completeRollingUpdate} (stateful_set_utils.go): under RollingUpdate, once every one of the desired
   * pods exists, is ready and runs the update revision, the update revision becomes the current one. Never under
   * {@code OnDelete} (Kubernetes 1.32: status.currentRevision stays where it was, kubernetes/kubernetes#73492;
   * fixed upstream in 2026 by #136833, after 1.32).
   */
  private static void completeRollingUpdate(Strategy strategy, int desired, StatefulSetStatus status) {
    if (strategy.rolling() && status.getUpdatedReplicas() == desired && status.getReadyReplicas() == desired && status.getReplicas() == desired) {
      status.setCurrentReplicas(status.getUpdatedReplicas());
      status.setCurrentRevision(status.getUpdateRevision());
    }
  }

  /** As {@code truncateHistory} keeps "live" revisions: current, update, and those pods run. */
  private void forgetUnusedRevisions(String setName, TreeMap<Integer, Pod> pods, StatefulSetStatus status) {
    Set<String> live = new HashSet<>(List.of(status.getCurrentRevision(), status.getUpdateRevision()));
    pods.values().forEach(pod -> live.add(revisionOf(pod)));
    templates.keySet().removeIf(revision -> revision.substring(0, revision.lastIndexOf('-')).equals(setName) && !live.contains(revision));
  }

  /**
   * Written only when {@code inconsistentStatus} (stateful_set_utils.go) says so: a newer observed generation or
   * a different count or revision.
   */
  private void writeStatus(StatefulSet set, StatefulSetStatus status) {
    lastCurrentRevision.put(set.getMetadata().getName(), status.getCurrentRevision());
    StatefulSetStatus old = Optional.ofNullable(set.getStatus()).orElseGet(StatefulSetStatus::new);
    boolean inconsistent =
        Optional.ofNullable(status.getObservedGeneration()).orElse(0L) > Optional.ofNullable(old.getObservedGeneration()).orElse(0L)
            || !Objects.equals(status.getReplicas(), old.getReplicas())
            || !Objects.equals(status.getCurrentReplicas(), old.getCurrentReplicas())
            || !Objects.equals(status.getReadyReplicas(), old.getReadyReplicas())
            || !Objects.equals(status.getUpdatedReplicas(), old.getUpdatedReplicas())
            || !Objects.equals(status.getCurrentRevision(), old.getCurrentRevision())
            || !Objects.equals(status.getAvailableReplicas(), old.getAvailableReplicas())
            || !Objects.equals(status.getUpdateRevision(), old.getUpdateRevision());
    if (!inconsistent) {
      return;
    }
    set.setStatus(status);
    try {
      // The status subresource, with the version read: a spec change in between makes this a 409, and the
      // next pass writes a status for the new spec.
      client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** A pod from {@code template}, the template of {@code revision} (upstream: {@code newStatefulSetPod} on the set at that revision). */
  private void createPod(StatefulSet set, int ordinal, String revision, PodTemplateSpec template) {
    String setName = set.getMetadata().getName();
    String podName = setName + "-" + ordinal;
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.put(REVISION_LABEL, revision);
    labels.put(POD_NAME_LABEL, podName);
    labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
    PodSpec spec = client.getKubernetesSerialization().clone(template.getSpec());
    spec.setHostname(podName);
    spec.setSubdomain(set.getSpec().getServiceName());
    claimVolumes(set, podName, spec);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("StatefulSet")
                    .withName(setName)
                    .withUid(set.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withSpec(spec)
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    try {
      client.pods().inNamespace(namespace).resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) { // someone (a previous pass) created it already
        throw e;
      }
    }
  }

  /**
   * The pod's claims, as upstream's {@code updateStorage} and {@code createPersistentVolumeClaims}
   * (pkg/controller/statefulset/stateful_set_utils.go, stateful_pod_control.go) make them: per template a claim
   * {@code <template>-<set>-<ordinal>} ({@code getPersistentVolumeClaimName}), created if missing and kept after
   * the pod goes, and a volume of the template's name that refers to it, replacing one of that name.
   */
  private void claimVolumes(StatefulSet set, String podName, PodSpec spec) {
    var templates = Optional.ofNullable(set.getSpec().getVolumeClaimTemplates()).orElse(java.util.List.of());
    for (var template : templates) {
      String claimName = template.getMetadata().getName() + "-" + podName;
      if (client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get() == null) {
        var claim = client.getKubernetesSerialization().clone(template);
        claim.getMetadata().setName(claimName);
        claim.getMetadata().setNamespace(namespace);
        claim.setStatus(null);
        try {
          client.persistentVolumeClaims().inNamespace(namespace).resource(claim).create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
      java.util.List<io.fabric8.kubernetes.api.model.Volume> volumes =
          new java.util.ArrayList<>(Optional.ofNullable(spec.getVolumes()).orElse(java.util.List.of()));
      volumes.removeIf(volume -> volume.getName().equals(template.getMetadata().getName()));
      volumes.add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(template.getMetadata().getName())
          .withNewPersistentVolumeClaim().withClaimName(claimName).endPersistentVolumeClaim().build());
      spec.setVolumes(volumes);
    }
  }

  private void deletePod(Pod pod) {
    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
  }

  static String revisionOf(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(REVISION_LABEL);
  }
}
