package io.flinkstack.controller.status;

import io.flinkstack.contract.RuntimeStatus;

/**
 * A status and the resource version of the ConfigMap it was read from (null: not stored yet). A write must
 * be based on it, so that a write after someone else's fails instead of overwriting it.
 */
public record VersionedStatus(RuntimeStatus status, String resourceVersion) {

  public boolean stored() {
    return resourceVersion != null;
  }
}
