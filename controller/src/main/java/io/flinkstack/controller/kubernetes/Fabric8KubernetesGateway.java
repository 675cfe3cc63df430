package io.flinkstack.controller.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flinkstack.contract.ReplicasOwner;
import io.flinkstack.contract.UpgradeGate;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@link KubernetesGateway} on fabric8's {@link KubernetesClient}, with plain CRUD calls (GET, LIST, POST, PUT with
 * the resource version, DELETE), which every API server and fabric8's mock server in CRUD mode implement alike, and
 * one patch: the replica count, through the scale subresource ({@link #scaleStatefulSet}).
 */
public final class Fabric8KubernetesGateway implements KubernetesGateway {
  /** Who the Events say they come from. */
  public static final String COMPONENT = "flinkstack-controller";
  // Kubernetes refuses Event messages above 1 KiB or so; Flink's causes can be longer.
  private static final int MAX_EVENT_MESSAGE = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;

  public Fabric8KubernetesGateway(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<FlinkJob> listFlinkJobs(Optional<String> namespace) {
    MixedOperation<FlinkJob, KubernetesResourceList<FlinkJob>, Resource<FlinkJob>> jobs = client.resources(FlinkJob.class);
    List<FlinkJob> items = call("list FlinkJobs", () -> (namespace.isPresent()
        ? jobs.inNamespace(namespace.get()).list() : jobs.inAnyNamespace().list()).getItems());
    return items.stream()
        .sorted(Comparator.comparing((FlinkJob j) -> j.getMetadata().getNamespace())
            .thenComparing(j -> j.getMetadata().getName()))
        .toList();
  }

  @Override
  public FlinkJob writeFlinkJobStatus(FlinkJob job) {
    // updateStatus() sends the resource version it was given (PUT on /status) and does not retry on a conflict.
    return write("update the status of FlinkJob " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
        () -> client.resources(FlinkJob.class).inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus());
  }

  @Override
  public Optional<FlinkJob> flinkJob(String namespace, String name) {
    return Optional.ofNullable(call("read FlinkJob " + namespace + "/" + name,
        () -> client.resources(FlinkJob.class).inNamespace(namespace).withName(name).get()));
  }

  @Override
  public FlinkJob updateFlinkJob(FlinkJob job) {
    return write("update FlinkJob " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
        () -> client.resources(FlinkJob.class).inNamespace(job.getMetadata().getNamespace()).resource(job).update());
  }

  @Override
  public FlinkSnapshot createFlinkSnapshot(FlinkSnapshot snapshot) {
    return call("create FlinkSnapshot " + snapshot.getMetadata().getNamespace() + "/" + snapshot.getMetadata().getName(),
        () -> client.resources(FlinkSnapshot.class).inNamespace(snapshot.getMetadata().getNamespace()).resource(snapshot).create());
  }

  @Override
  public boolean deleteFlinkSnapshot(String namespace, String name) {
    return !call("delete FlinkSnapshot " + namespace + "/" + name,
        () -> client.resources(FlinkSnapshot.class).inNamespace(namespace).withName(name).delete()).isEmpty();
  }

  @Override
  public List<FlinkSnapshot> flinkSnapshots(String namespace, String job) {
    List<FlinkSnapshot> items = call("list FlinkSnapshots in " + namespace,
        () -> client.resources(FlinkSnapshot.class).inNamespace(namespace).list().getItems());
    return ofJob(items, job);
  }

  /** One FlinkSnapshot as stored now, or null. */
  FlinkSnapshot flinkSnapshot(String namespace, String name) {
    return call("read FlinkSnapshot " + namespace + "/" + name,
        () -> client.resources(FlinkSnapshot.class).inNamespace(namespace).withName(name).get());
  }

  /** The snapshots of {@code job}, oldest first (creation time, then name). */
  static List<FlinkSnapshot> ofJob(java.util.Collection<FlinkSnapshot> snapshots, String job) {
    return snapshots.stream()
        .filter(snapshot -> snapshot.getSpec() != null && job.equals(snapshot.getSpec().job))
        .sorted(Comparator.comparing((FlinkSnapshot s) -> String.valueOf(s.getMetadata().getCreationTimestamp()))
            .thenComparing(s -> s.getMetadata().getName()))
        .toList();
  }

  @Override
  public FlinkSnapshot writeFlinkSnapshotStatus(FlinkSnapshot snapshot) {
    return write("update the status of FlinkSnapshot " + snapshot.getMetadata().getNamespace() + "/" + snapshot.getMetadata().getName(),
        () -> client.resources(FlinkSnapshot.class).inNamespace(snapshot.getMetadata().getNamespace()).resource(snapshot).updateStatus());
  }

  @Override
  public FlinkSnapshot updateFlinkSnapshot(FlinkSnapshot snapshot) {
    // update() sends the resource version it was given (PUT) and does not retry on a conflict.
    return write("update FlinkSnapshot " + snapshot.getMetadata().getNamespace() + "/" + snapshot.getMetadata().getName(),
        () -> client.resources(FlinkSnapshot.class).inNamespace(snapshot.getMetadata().getNamespace()).resource(snapshot).update());
  }

  @Override
  public void recordEvent(KubernetesEvent event) {
    ObjectRef about = event.about();
    String time = DateTimeFormatter.ISO_INSTANT.format(event.time().truncatedTo(ChronoUnit.SECONDS));
    String message = event.message().length() > MAX_EVENT_MESSAGE ? event.message().substring(0, MAX_EVENT_MESSAGE - 1) + "…" : event.message();
    Event kubernetesEvent = new EventBuilder()
        .withNewMetadata()
        // Unique per occurrence, in the form kubectl and client-go use (object name, dot, suffix).
        .withName(about.name() + "." + randomSuffix())
        .withNamespace(about.namespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(about.apiVersion())
        .withKind(about.kind())
        .withNamespace(about.namespace())
        .withName(about.name())
        .withUid(about.uid())
        .endInvolvedObject()
        .withType(event.type().text())
        .withReason(event.reason())
        .withMessage(message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .build();
    call("record Event " + event.reason() + " about " + about.namespace() + "/" + about.name(),
        () -> client.v1().events().inNamespace(about.namespace()).resource(kubernetesEvent).create());
  }

  @Override
  public Optional<StatefulSetSnapshot> statefulSet(String namespace, String name) {
    StatefulSet found = call("read StatefulSet " + namespace + "/" + name,
        () -> client.apps().statefulSets().inNamespace(namespace).withName(name).get());
    return Optional.ofNullable(found).map(Fabric8KubernetesGateway::snapshot);
  }

  static StatefulSetSnapshot snapshot(StatefulSet found) {
    String namespace = found.getMetadata().getNamespace();
    String name = found.getMetadata().getName();
    StatefulSetSpec spec = found.getSpec();
    StatefulSetStatus status = found.getStatus();
    String strategy = spec.getUpdateStrategy() == null || spec.getUpdateStrategy().getType() == null
        ? "RollingUpdate" : spec.getUpdateStrategy().getType();
    return new StatefulSetSnapshot(
        namespace,
        name,
        spec.getReplicas() == null ? 1 : spec.getReplicas(),
        found.getMetadata().getAnnotations() == null ? null : found.getMetadata().getAnnotations().get(ReplicasOwner.ANNOTATION),
        status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
        status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas(),
        strategy,
        status == null ? null : status.getCurrentRevision(),
        status == null ? null : status.getUpdateRevision(),
        found.getMetadata().getGeneration() == null ? 0 : found.getMetadata().getGeneration(),
        status == null || status.getObservedGeneration() == null ? 0 : status.getObservedGeneration(),
        spec.getUpdateStrategy() == null || spec.getUpdateStrategy().getRollingUpdate() == null
            ? null : spec.getUpdateStrategy().getRollingUpdate().getPartition());
  }

  @Override
  public boolean deletePod(String namespace, String name) {
    return !call("delete Pod " + namespace + "/" + name, () -> client.pods().inNamespace(namespace).withName(name).delete()).isEmpty();
  }

  @Override
  public Optional<Map<String, byte[]>> secretData(String namespace, String name) {
    Secret found = call("read Secret " + namespace + "/" + name, () -> client.secrets().inNamespace(namespace).withName(name).get());
    if (found == null) {
      return Optional.empty();
    }
    Map<String, byte[]> data = new TreeMap<>();
    // An API server folds stringData into data on write; fabric8's mock server in CRUD mode keeps it as written.
    if (found.getStringData() != null) {
      found.getStringData().forEach((key, value) -> data.put(key, value.getBytes(StandardCharsets.UTF_8)));
    }
    if (found.getData() != null) {
      found.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
    }
    return Optional.of(data);
  }

  @Override
  public Optional<ConfigMapSnapshot> configMap(String namespace, String name) {
    ConfigMap found = call("read ConfigMap " + namespace + "/" + name, () -> client.configMaps().inNamespace(namespace).withName(name).get());
    return Optional.ofNullable(found).map(Fabric8KubernetesGateway::snapshot);
  }

  @Override
  public ConfigMapSnapshot putConfigMap(ConfigMapSnapshot configMap) {
    String what = "write ConfigMap " + configMap.namespace() + "/" + configMap.name();
    return snapshot(replaceRetrying(what, () -> {
      ConfigMap current = client.configMaps().inNamespace(configMap.namespace()).withName(configMap.name()).get();
      if (current == null) {
        return client.configMaps().inNamespace(configMap.namespace()).resource(new ConfigMapBuilder()
            .withNewMetadata()
            .withNamespace(configMap.namespace())
            .withName(configMap.name())
            .withLabels(configMap.labels())
            .endMetadata()
            .withData(configMap.data())
            .build()).create();
      }
      // Last writer wins, which is right for a ConfigMap only this controller writes, one step at a time.
      current.getMetadata().setLabels(configMap.labels());
      current.setData(configMap.data());
      return client.configMaps().inNamespace(configMap.namespace()).resource(current).update();
    }));
  }

  @Override
  public List<String> deleteConfigMaps(String namespace, Map<String, String> labels) {
    String what = "delete ConfigMaps " + labels + " in " + namespace;
    List<ConfigMap> found = call(what, () -> client.configMaps().inNamespace(namespace).withLabels(labels).list().getItems());
    List<String> deleted = new ArrayList<>();
    for (ConfigMap configMap : found) {
      String name = configMap.getMetadata().getName();
      if (!call(what, () -> client.configMaps().inNamespace(namespace).withName(name).delete()).isEmpty()) {
        deleted.add(name);
      }
    }
    return deleted;
  }

  @Override
  public List<PodSnapshot> pods(String namespace, Map<String, String> labels) {
    List<Pod> found = call("list Pods " + labels + " in " + namespace,
        () -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
    return found.stream().map(Fabric8KubernetesGateway::snapshot).sorted(Comparator.comparing(PodSnapshot::name)).toList();
  }

  /**
   * One JSON merge patch {@code {"spec":{"replicas":N}}} on the scale subresource ({@code PATCH
   * .../statefulsets/NAME/scale}, an {@code autoscaling/v1 Scale}): the request {@code kubectl scale} sends without
   * preconditions (k8s.io/kubectl/pkg/scale/scale.go, {@code genericScaler.ScaleSimple}), and the one write the
   * StatefulSet's other fields cannot ride on, so the admission policy can hold the StatefulSet itself to the
   * partition. Unconditional, as the replace it replaces was in effect (it re-read on every 409): the count is
   * absolute, nothing read is written back.
   *
   * <p>Not fabric8's {@code scale(n)} or {@code scale(Scale)}: both PUT a {@code Scale}, and fabric8's mock API server
   * in CRUD mode (kubernetes-server-mock 7.9.0, {@code PutHandler}) stores a PUT body on {@code /scale} in place of the
   * StatefulSet, so the set vanishes there. Its {@code PatchHandler} applies a merge patch on {@code /scale} to the
   * stored StatefulSet, as the API server applies it to the StatefulSet's Scale view. The item passed to {@code
   * resource} only names the target: fabric8 otherwise GETs the set first, and a missing set is the PATCH's own 404.
   */
  @Override
  public void scaleStatefulSet(String namespace, String name, int replicas) {
    StatefulSet target = new StatefulSetBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
    call("scale StatefulSet " + namespace + "/" + name + " to " + replicas,
        () -> client.apps().statefulSets().inNamespace(namespace).resource(target).subresource("scale")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}"));
  }

  @Override
  public void setPartition(String namespace, String name, int partition) {
    changeStatefulSet(namespace, name, "set the partition of StatefulSet " + namespace + "/" + name + " to " + partition, set -> {
      var strategy = set.getSpec().getUpdateStrategy();
      if (strategy == null || !"RollingUpdate".equals(strategy.getType())) {
        throw new KubernetesGatewayException("StatefulSet " + namespace + "/" + name + " has no RollingUpdate strategy to gate", 422, null);
      }
      if (strategy.getRollingUpdate() == null) {
        strategy.setRollingUpdate(new io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy());
      }
      strategy.getRollingUpdate().setPartition(partition);
    });
  }

  /** Reads the StatefulSet, changes it, replaces exactly the version read (see {@link #replaceRetrying}). */
  private void changeStatefulSet(String namespace, String name, String what, java.util.function.Consumer<StatefulSet> change) {
    replaceRetrying(what, () -> {
      StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      if (set == null) {
        throw new KubernetesGatewayException("StatefulSet " + namespace + "/" + name + " does not exist", 404, null);
      }
      change.accept(set);
      return client.apps().statefulSets().inNamespace(namespace).resource(set).update();
    });
  }

  /**
   * Read, change, replace with the version read (PUT): plain CRUD, as every API server and the mock
   * implement it (no patches). Another writer in between (409) means read again; three tries.
   */
  private static <T> T replaceRetrying(String what, Supplier<T> readModifyReplace) {
    for (int attempt = 1; ; attempt++) {
      try {
        return readModifyReplace.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 3) {
          throw failure(what, e);
        }
      }
    }
  }

  static PodSnapshot snapshot(Pod pod) {
    ObjectMeta metadata = pod.getMetadata();
    Map<String, String> labels = labels(metadata);
    boolean gated = pod.getSpec() != null && pod.getSpec().getReadinessGates() != null && pod.getSpec().getReadinessGates().stream()
        .anyMatch(gate -> UpgradeGate.VERIFIED_CONDITION.equals(gate.getConditionType()));
    return new PodSnapshot(metadata.getNamespace(), metadata.getName(), labels, labels.get(PodSnapshot.REVISION_LABEL),
        pod.getStatus() == null ? null : pod.getStatus().getPhase(), conditionTrue(pod, "Ready"), metadata.getDeletionTimestamp() != null,
        conditionTrue(pod, "ContainersReady"), gated, conditionTrue(pod, UpgradeGate.VERIFIED_CONDITION), metadata.getUid());
  }

  private static boolean conditionTrue(Pod pod, String type) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
        .anyMatch(condition -> type.equals(condition.getType()) && "True".equals(condition.getStatus()));
  }

  /**
   * Sets the pod's {@link UpgradeGate#VERIFIED_CONDITION} to True through the status subresource: read, change, replace
   * with the version read (a conflict with the kubelet's own status writes is retried), as controllers that own a
   * readiness gate do. Only that condition is added or changed; the kubelet's are kept. A pod whose condition is True
   * already is not written again: the informer cache lags behind this write, so a pass may ask twice.
   */
  @Override
  public boolean markVerified(String namespace, String name, String message) {
    return replaceRetrying("mark pod " + namespace + "/" + name + " verified", () -> {
      Pod pod = client.pods().inNamespace(namespace).withName(name).get();
      if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
        return false;
      }
      if (conditionTrue(pod, UpgradeGate.VERIFIED_CONDITION)) {
        return true;
      }
      if (pod.getStatus() == null) {
        pod.setStatus(new PodStatus());
      }
      List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
      conditions.removeIf(condition -> UpgradeGate.VERIFIED_CONDITION.equals(condition.getType()));
      conditions.add(new PodConditionBuilder().withType(UpgradeGate.VERIFIED_CONDITION)
          .withStatus("True").withReason("JobRuns").withMessage(message)
          .withLastTransitionTime(DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS)))
          .build());
      pod.getStatus().setConditions(conditions);
      client.pods().inNamespace(namespace).resource(pod).updateStatus();
      return true;
    });
  }

  private static ConfigMapSnapshot snapshot(ConfigMap configMap) {
    ObjectMeta metadata = configMap.getMetadata();
    return new ConfigMapSnapshot(
        metadata.getNamespace(),
        metadata.getName(),
        metadata.getUid(),
        metadata.getResourceVersion(),
        labels(metadata),
        metadata.getAnnotations(),
        configMap.getData());
  }

  private static Map<String, String> labels(ObjectMeta metadata) {
    return metadata.getLabels() == null ? Map.of() : metadata.getLabels();
  }

  private static <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw failure(what, e);
    }
  }

  /** A write with the resource version read (PUT of the object or its status): a 409 is a {@link StatusConflictException}. */
  private static <T> T write(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw writeFailure(what, e);
    }
  }

  /** A conditional write's failure: a 409 (the version read is not the stored one) is a {@link StatusConflictException}. */
  private static KubernetesGatewayException writeFailure(String what, KubernetesClientException e) {
    return e.getCode() == 409 ? new StatusConflictException(what + ": " + e.getStatus().getMessage(), e) : failure(what, e);
  }

  private static KubernetesGatewayException failure(String what, KubernetesClientException e) {
    String answer = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    return new KubernetesGatewayException(what + ": " + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + answer, e.getCode(), e);
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
