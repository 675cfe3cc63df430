package io.flinkstack.controller.status;

import io.flinkstack.contract.Labels;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.RuntimeStatuses;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatusConflictException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes a declaration's {@link RuntimeStatus} in its ConfigMap ({@link RuntimeStatuses}), every
 * write conditional on the version read. The status ConfigMap has no owner reference on purpose: deleting
 * and recreating a declaration (as GitOps tools do on some changes) must not delete the savepoint paths.
 */
public final class StatusStore {
  private final KubernetesGateway kubernetes;

  public StatusStore(KubernetesGateway kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** The stored status, or {@code initial} (not stored) when there is none yet. */
  public VersionedStatus read(DeclarationIdentity declaration, RuntimeStatus initial) {
    Optional<ConfigMapSnapshot> stored = kubernetes.readStatus(declaration.namespace(), declaration.statusConfigMap());
    if (stored.isEmpty()) {
      return new VersionedStatus(initial, null);
    }
    ConfigMapSnapshot configMap = stored.get();
    String owner = configMap.labels().get(RuntimeStatuses.LABEL_STATUS_OF);
    if (!declaration.source().name().equals(owner)) {
      // Two declarations whose status names collide must not share (and overwrite) one status.
      throw new IllegalStateException("ConfigMap " + declaration.namespace() + "/" + declaration.statusConfigMap()
          + " is the status of '" + owner + "', not of " + declaration.source().name());
    }
    String yaml = configMap.data().get(RuntimeStatuses.STATUS_KEY);
    RuntimeStatus status = yaml == null || yaml.isBlank() ? initial : StatusYaml.read(yaml);
    return new VersionedStatus(status, configMap.resourceVersion());
  }

  /**
   * Stores {@code next} in place of {@code current}. Nothing is written when nothing changed (a status that
   * exists already).
   *
   * @throws StatusConflictException when the stored status is no longer {@code current}
   */
  public VersionedStatus write(DeclarationIdentity declaration, VersionedStatus current, RuntimeStatus next) {
    if (current.stored() && current.status().equals(next)) {
      return current;
    }
    ConfigMapSnapshot written = kubernetes.writeStatus(new ConfigMapSnapshot(
        declaration.namespace(),
        declaration.statusConfigMap(),
        null,
        current.resourceVersion(),
        Map.of(
            Labels.MANAGED_BY, RuntimeStatuses.MANAGED_BY_CONTROLLER,
            SessionJobs.LABEL_SESSION_CLUSTER, declaration.cluster(),
            RuntimeStatuses.LABEL_STATUS_OF, declaration.source().name()),
        Map.of(),
        Map.of(RuntimeStatuses.STATUS_KEY, StatusYaml.write(next))));
    return new VersionedStatus(next, written.resourceVersion());
  }
}
