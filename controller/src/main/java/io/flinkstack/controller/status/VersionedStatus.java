package io.flinkstack.controller.status;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.resource.FlinkJob;

/**
 * A status and the {@code FlinkJob} it was read from or last written to (its resource version, generation and
 * conditions). A write must be based on it, so that a write after someone else's (a status write, or a change of
 * the spec) fails instead of overwriting it.
 *
 * @param status the controller's record: read from {@code status.runtime}, or the initial one when the object has
 *     none yet
 * @param object the object as read or as the API server returned it after the last write; null only when the
 *     caller has not read it (a write then reads it first and requires it to have no record yet)
 */
public record VersionedStatus(RuntimeStatus status, FlinkJob object) {

  /** A status that is not stored anywhere yet, for an object not read yet. */
  public static VersionedStatus notStored(RuntimeStatus status) {
    return new VersionedStatus(status, null);
  }

  /** Whether {@link #status()} came from the object (rather than being the initial one). */
  public boolean stored() {
    return object != null && object.getStatus() != null && object.getStatus().runtime != null;
  }

  /** The object's resource version, or null when it was not read. */
  public String resourceVersion() {
    return object == null ? null : object.getMetadata().getResourceVersion();
  }
}
