package io.flinkstack.controller.flink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /jars/{jarId}/run}. Unset fields are left out, so Flink applies its own
 * defaults (the jar's Main-Class, {@code parallelism.default}, no savepoint).
 */
public record JarRunRequest(
    Optional<String> entryClass,
    List<String> programArgs,
    Optional<Integer> parallelism,
    Optional<String> savepointPath,
    boolean allowNonRestoredState,
    Optional<RestoreMode> restoreMode,
    Optional<String> jobId) {

  public JarRunRequest {
    programArgs = List.copyOf(programArgs);
  }

  public static JarRunRequest defaults() {
    return new JarRunRequest(
        Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());
  }

  public JarRunRequest withEntryClass(String className) {
    return new JarRunRequest(
        Optional.of(className), programArgs, parallelism, savepointPath, allowNonRestoredState, restoreMode, jobId);
  }

  public JarRunRequest withProgramArgs(List<String> args) {
    return new JarRunRequest(
        entryClass, args, parallelism, savepointPath, allowNonRestoredState, restoreMode, jobId);
  }

  public JarRunRequest withParallelism(int value) {
    return new JarRunRequest(
        entryClass, programArgs, Optional.of(value), savepointPath, allowNonRestoredState, restoreMode, jobId);
  }

  /** Restores from this savepoint or retained checkpoint (a path as Flink reported it). */
  public JarRunRequest withSavepoint(String path, RestoreMode mode) {
    return new JarRunRequest(
        entryClass, programArgs, parallelism, Optional.of(path), allowNonRestoredState, Optional.of(mode), jobId);
  }

  /** Lets a job start from a snapshot holding state of operators it no longer has (that state is dropped). */
  public JarRunRequest withAllowNonRestoredState(boolean allow) {
    return new JarRunRequest(entryClass, programArgs, parallelism, savepointPath, allow, restoreMode, jobId);
  }

  /**
   * Fixes the job id (see {@link FlinkIds#random()}): Flink refuses a second job with the same id, which
   * makes a resubmission after a controller crash safe.
   */
  public JarRunRequest withJobId(String id) {
    return new JarRunRequest(
        entryClass, programArgs, parallelism, savepointPath, allowNonRestoredState, restoreMode, Optional.of(id));
  }

  ObjectNode toJson() {
    ObjectNode body = RestTransport.JSON.createObjectNode();
    entryClass.ifPresent(value -> body.put("entryClass", value));
    if (!programArgs.isEmpty()) {
      programArgs.forEach(body.putArray("programArgsList")::add);
    }
    parallelism.ifPresent(value -> body.put("parallelism", value));
    savepointPath.ifPresent(value -> body.put("savepointPath", value));
    if (allowNonRestoredState) {
      body.put("allowNonRestoredState", true);
    }
    // "restoreMode" is the name every version from 1.15 to 2.x accepts ("claimMode" only exists from 1.20).
    restoreMode.ifPresent(value -> body.put("restoreMode", value.name()));
    jobId.ifPresent(value -> body.put("jobId", value));
    return body;
  }
}
