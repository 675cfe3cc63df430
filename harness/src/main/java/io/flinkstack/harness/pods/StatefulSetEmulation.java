package io.flinkstack.harness.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The StatefulSet controller's part, for the harness' StatefulSets: pods {@code <set>-<ordinal>} from the
 * template, scaling (highest ordinals go first), the two update strategies, and the status the controller
 * and kubectl read. Not done: {@code minReadySeconds}, {@code maxUnavailable}, revision
 * history (ControllerRevision objects), pod deletion ordering beyond "highest first", claim retention policies
 * (claims are always retained).
 */
final class StatefulSetEmulation {
  static final String REVISION_LABEL = "controller-revision-hash";
  static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

  // Keys sorted, so the hash does not depend on the order a client happened to send map entries in.
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final KubernetesClient client;
  private final String namespace;
  // spec.replicas may be null (an autoscaler owns it): the count then stays what it was, 1 at first.
  // Concurrent: awaitPodsReady reads the counts from the caller's thread.
  private final Map<String, Integer> replicas = new ConcurrentHashMap<>();
  private final Map<String, String> currentRevisions = new ConcurrentHashMap<>();

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
   * One pass: create missing pods, delete surplus ones, replace one outdated pod (RollingUpdate), then
   * write the status if it changed.
   *
   * @param pods the set's pods by ordinal, as listed at the start of the pass
   * @param ready whether the kubelet part considers a pod (by name) ready
   */
  void sync(StatefulSet set, TreeMap<Integer, Pod> pods, Predicate<String> ready) {
    String name = set.getMetadata().getName();
    String updateRevision = updateRevision(set);
    int desired = desiredReplicas(set);
    boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());

    // Scale down: highest ordinal first (OrderedReady: one per pass).
    for (Integer ordinal : pods.descendingKeySet()) {
      if (ordinal >= desired) {
        deletePod(pods.get(ordinal));
        if (!parallel) {
          break;
        }
      }
    }
    // Create what is missing from the update revision (OrderedReady: only once every lower ordinal is ready).
    for (int ordinal = 0; ordinal < desired; ordinal++) {
      if (!pods.containsKey(ordinal)) {
        createPod(set, ordinal, updateRevision);
        if (!parallel) {
          break;
        }
      } else if (!parallel && !ready.test(pods.get(ordinal).getMetadata().getName())) {
        break;
      }
    }
    // RollingUpdate (the default): when every pod is there and ready, delete the highest outdated one; its
    // replacement comes from the new template next pass, and nothing else moves until it is ready.
    String strategy = set.getSpec().getUpdateStrategy() == null ? null : set.getSpec().getUpdateStrategy().getType();
    if (!"OnDelete".equals(strategy)) {
      int partition =
          Optional.ofNullable(set.getSpec().getUpdateStrategy())
              .map(s -> s.getRollingUpdate())
              .map(r -> r.getPartition())
              .orElse(0);
      boolean settled =
          pods.size() == desired && pods.values().stream().allMatch(pod -> ready.test(pod.getMetadata().getName()));
      if (settled) {
        pods.descendingMap().entrySet().stream()
            .filter(entry -> entry.getKey() >= partition)
            .filter(entry -> !updateRevision.equals(revisionOf(entry.getValue())))
            .findFirst()
            .ifPresent(entry -> deletePod(entry.getValue()));
      }
    }
    writeStatus(set, pods, ready, desired, updateRevision);
  }

  private void writeStatus(StatefulSet set, TreeMap<Integer, Pod> pods, Predicate<String> ready, int desired, String updateRevision) {
    String name = set.getMetadata().getName();
    long updated = pods.values().stream().filter(pod -> updateRevision.equals(revisionOf(pod))).count();
    String currentRevision =
        currentRevisions.computeIfAbsent(
            name, n -> Optional.ofNullable(set.getStatus()).map(StatefulSetStatus::getCurrentRevision).orElse(updateRevision));
    // As in Kubernetes: the update revision becomes the current one once every pod runs it.
    if (updated == desired && pods.size() == desired) {
      currentRevision = updateRevision;
      currentRevisions.put(name, currentRevision);
    }
    String current = currentRevision;
    int readyCount = (int) pods.values().stream().filter(pod -> ready.test(pod.getMetadata().getName())).count();
    StatefulSetStatus status =
        new StatefulSetStatusBuilder(Optional.ofNullable(set.getStatus()).orElseGet(StatefulSetStatus::new))
            .withReplicas(pods.size())
            .withReadyReplicas(readyCount)
            .withAvailableReplicas(readyCount)
            .withCurrentReplicas((int) pods.values().stream().filter(pod -> current.equals(revisionOf(pod))).count())
            .withUpdatedReplicas((int) updated)
            .withCurrentRevision(current)
            .withUpdateRevision(updateRevision)
            .withObservedGeneration(set.getMetadata().getGeneration())
            .build();
    if (Objects.equals(status, set.getStatus())) {
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

  private void createPod(StatefulSet set, int ordinal, String revision) {
    String setName = set.getMetadata().getName();
    String podName = setName + "-" + ordinal;
    var template = set.getSpec().getTemplate();
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
