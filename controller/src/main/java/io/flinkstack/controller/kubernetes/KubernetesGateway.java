package io.flinkstack.controller.kubernetes;

import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the controller does with the Kubernetes API, in one small interface, so the reconcile logic
 * does not depend on a client library and every call it makes is listed here. Only plain reads, creates,
 * updates and deletes: no server-side apply, no patches, no scale subresource (see the README for why).
 *
 * <p>Failures are {@link KubernetesGatewayException}s; a write that lost an optimistic-concurrency race is
 * the subclass {@link StatusConflictException}.
 */
public interface KubernetesGateway {

  /**
   * The {@code FlinkJob} custom resources (flinkstack.io), sorted by namespace and name: what the controller acts on.
   *
   * @param namespace one namespace, or empty for all namespaces
   */
  List<FlinkJob> listFlinkJobs(Optional<String> namespace);

  /**
   * Replaces a FlinkJob's status through its status subresource, with optimistic concurrency: {@code
   * job.getMetadata().getResourceVersion()} must be the stored version. The spec is not written (the status
   * subresource ignores it), so a status write can never undo a change of the spec.
   *
   * @return what the API server stored, with its new resource version
   * @throws StatusConflictException when the object changed since that version (its spec, or another status write)
   */
  FlinkJob writeFlinkJobStatus(FlinkJob job);

  /** One FlinkJob as stored now, if it exists. */
  Optional<FlinkJob> flinkJob(String namespace, String name);

  /**
   * Replaces a FlinkJob's metadata.finalizers (the object as read, with its resource version): how the controller puts
   * its {@link FlinkJob#FINAL_SAVEPOINT_FINALIZER} on and takes it off.
   *
   * @return what the API server stored; null or the object without finalizers when the last finalizer of an object
   *     marked for deletion went (and the object with it)
   * @throws StatusConflictException when the object changed since the version passed
   */
  FlinkJob updateFlinkJob(FlinkJob job);

  /**
   * Creates a FlinkSnapshot: one recording a job's final savepoint before its FlinkJob goes, or a savepoint the
   * controller took itself (its savepoint history).
   */
  FlinkSnapshot createFlinkSnapshot(FlinkSnapshot snapshot);

  /**
   * Deletes a FlinkSnapshot the controller created to record a savepoint of a job's history, once that savepoint left
   * the history.
   *
   * @return false when there was no such object
   */
  boolean deleteFlinkSnapshot(String namespace, String name);

  /** The {@code FlinkSnapshot}s of one FlinkJob ({@code spec.job}), sorted by creation time, then name. */
  List<FlinkSnapshot> flinkSnapshots(String namespace, String job);

  /**
   * Replaces a FlinkSnapshot's status through its status subresource, with optimistic concurrency (as {@link
   * #writeFlinkJobStatus}).
   *
   * @throws StatusConflictException when the object changed since the version passed
   */
  FlinkSnapshot writeFlinkSnapshotStatus(FlinkSnapshot snapshot);

  /**
   * Replaces a FlinkSnapshot's metadata.finalizers (and nothing the controller did not read: the object is the one
   * read, with its resource version) — how the controller adds and removes its {@link FlinkSnapshot#DISPOSE_FINALIZER}.
   *
   * @return what the API server stored; when the last finalizer of an object marked for deletion goes, the object
   *     goes with it, and the answer may be null (fabric8's client and mock server) or the object without finalizers
   * @throws StatusConflictException when the object changed since the version passed
   */
  FlinkSnapshot updateFlinkSnapshot(FlinkSnapshot snapshot);

  /** Records a core/v1 Event about an object ({@code kubectl describe} and {@code kubectl get events} show it). */
  void recordEvent(KubernetesEvent event);

  /** A StatefulSet's spec and status in brief, if it exists (for upgrades with OnDelete StatefulSets). */
  Optional<StatefulSetSnapshot> statefulSet(String namespace, String name);

  /**
   * Deletes one pod (its StatefulSet recreates it from the current template).
   *
   * @return false when there was no such pod
   */
  boolean deletePod(String namespace, String name);

  /**
   * Sets a pod's readiness-gate condition {@code UpgradeGate.VERIFIED_CONDITION} to True (status subresource; the
   * other conditions are kept).
   *
   * @param message why, for {@code kubectl describe}
   * @return false when there was no such pod (or it is being deleted)
   */
  boolean markVerified(String namespace, String name, String message);

  /**
   * A Secret's data, decoded (its {@code data} values from base64, and any {@code stringData} an API server did not
   * fold into {@code data}), if the Secret exists: a session job's {@code jarCredentials}. Read directly at each call,
   * never watched or cached (the controller holds no Secret longer than one jar fetch), and the RuntimeController's
   * Role must grant {@code get} on {@code secrets}. Callers must never put a value in a message, log line or Event.
   */
  Optional<Map<String, byte[]>> secretData(String namespace, String name);

  /** Any ConfigMap, if it exists (the cluster's Flink configuration, a restore ConfigMap). */
  Optional<ConfigMapSnapshot> configMap(String namespace, String name);

  /**
   * Creates a controller-owned ConfigMap or replaces its data and labels, whatever version is stored (the
   * restore ConfigMap: only the controller writes it, and the newest write is the one that counts).
   */
  ConfigMapSnapshot putConfigMap(ConfigMapSnapshot configMap);

  /**
   * Deletes the ConfigMaps carrying all of these labels (the stale high-availability data of a cluster).
   *
   * @return the names deleted
   */
  List<String> deleteConfigMaps(String namespace, Map<String, String> labels);

  /** The pods carrying all of these labels, sorted by name. */
  List<PodSnapshot> pods(String namespace, Map<String, String> labels);

  /**
   * Sets a StatefulSet's {@code spec.replicas} through its scale subresource ({@code statefulsets/scale}), which
   * changes nothing else of the set; the runtime controller's ValidatingAdmissionPolicy no longer lets it change the
   * replicas through the StatefulSet itself.
   *
   * <p>A count, never "no count": {@code autoscaling/v1} {@code ScaleSpec.replicas} is a plain int32 (k8s.io/api,
   * autoscaling/v1/types.go), absent reads as 0, so the field cannot be removed through {@code /scale}. Nothing needs it
   * removed: a suspend records the pods an HPA-owned set has, and a resume scales back to that count, from which the
   * HPA takes over.
   */
  void scaleStatefulSet(String namespace, String name, int replicas);

  /**
   * Sets a {@code RollingUpdate} StatefulSet's {@code spec.updateStrategy.rollingUpdate.partition} and nothing
   * else (read, change, replace with the version read; retried on a conflict): the upgrade gate. The
   * runtime controller's ValidatingAdmissionPolicy allows it this field only.
   */
  void setPartition(String namespace, String name, int partition);
}
