package io.flinkstack.controller.kubernetes;

import java.util.List;
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
   * ConfigMaps labelled {@code flinkstack.io/declaration} with a value the controller knows ({@code
   * application}, {@code session-job}), sorted by namespace and name.
   *
   * @param namespace one namespace, or empty for all namespaces
   */
  List<ConfigMapSnapshot> listDeclarations(Optional<String> namespace);

  /** A controller-owned status ConfigMap, if it exists. */
  Optional<ConfigMapSnapshot> readStatus(String namespace, String name);

  /**
   * Writes a status ConfigMap with optimistic concurrency: with {@link ConfigMapSnapshot#resourceVersion()}
   * null it is created (and must not exist yet), otherwise it replaces exactly that version.
   *
   * @return what the API server stored, with its new resource version
   * @throws StatusConflictException when it exists already (create) or changed since (update): another
   *     controller wrote it, so this one must not act on what it read
   */
  ConfigMapSnapshot writeStatus(ConfigMapSnapshot status);

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
}
