package io.flinkstack.contract;

/**
 * Where an application cluster's JobManager finds the savepoint or checkpoint to start from: a ConfigMap
 * that only the runtime controller writes ({@code <cluster>-restore}), mounted (optional) into the
 * JobManager at {@link #MOUNT_PATH}. The synthesized JobManager command reads {@link #PATH_KEY} from there at
 * start, so an upgrade changes what the JobManager restores without changing any synthesized manifest:
 * GitOps tools see no drift.
 *
 * <p>The controller writes the path <em>before</em> it stops the job or deletes a pod; a missing ConfigMap or
 * an empty path means "start without a restore path" (the declared initial savepoint, or fresh).
 */
public final class RestoreState {
  /** Data key: the savepoint or retained checkpoint the next JobManager start restores from. */
  public static final String PATH_KEY = "restore-path";
  /** Data key: {@code true} lets the restore skip state of operators the new job no longer has. */
  public static final String ALLOW_NON_RESTORED_STATE_KEY = "allow-non-restored-state";
  /**
   * Data key: which transition wrote the ConfigMap (an id of its own). Under HA the JobManager's job id is derived from
   * the pod's revision, the restore path and this, so a restart or a redeploy at the same revision from a path used
   * before (or from none) is a new job, not one Flink's job result store already has as finished or cancelled.
   */
  public static final String DEPLOYMENT_KEY = "deployment";
  /**
   * Data key, written instead of a path when the stop-with-savepoint completed but its result was lost (the JobManager
   * restarted before the controller read it): the directory of that stop alone ({@link Transition#savepointDirectory}).
   * The JobManager's start script, finding no path, runs {@link #RESOLVER_KEY} with Flink's own file systems (the
   * image's, with its plugins and credentials) to find the one savepoint in it, and refuses to start without one.
   */
  public static final String DIRECTORY_KEY = "restore-directory";
  /**
   * Data key: a single-file Java program (run by the JDK's source launcher on {@code $FLINK_HOME/lib}) that prints the
   * newest savepoint under a directory, written beside {@link #DIRECTORY_KEY}.
   */
  public static final String RESOLVER_KEY = "ResolveSavepoint.java";
  /**
   * Data key: the uids of the JobManager pods the transition that wrote the ConfigMap replaces, one per line. Such a pod's
   * JobManager, restarted before the controller deleted the pod (a crash, a container restart), does not start: it
   * would run a job from the restore state meant for its replacement, with the template or image being replaced, and
   * output it committed until its pod went would be written again by the replacement's job. Its start script, finding
   * its own uid ({@link #POD_UID_ENV}) here, exits saying so. The controller deletes exactly these pods
   * (and no JobManager started after the write), so a controller replaced mid-transition never deletes the new one.
   */
  public static final String REPLACED_PODS_KEY = "replaced-pods";
  /**
   * Data key, written for a cluster without high availability: the uids of its TaskManager pods the transition replaces
   * as well, one per line; read by the controller only. Such a TaskManager keeps serving the JobManager that is going
   * and learns of the new one only through Flink's heartbeat timeout (50 s by default; about 45 s measured on Flink 2.3),
   * during which the new job waits for slots; with HA, leader retrieval tells it at once, and it stays. Named by uid for
   * the same reason as {@link #REPLACED_PODS_KEY}: a controller replaced mid-transition deletes none started after the
   * write.
   */
  public static final String REPLACED_TASK_MANAGERS_KEY = "replaced-task-managers";
  /**
   * Data key, written by upgrades and rollbacks: the JobManager StatefulSet revisions they replace, one per line. A pod
   * made from one of them after the ConfigMap was written (its pod deleted and recreated behind the closed gate before
   * the controller opened it) does not start either ({@link #POD_REVISION_ENV}).
   */
  public static final String REPLACED_REVISIONS_KEY = "replaced-revisions";
  /** The JobManager container's environment variable holding its pod's uid (the downward API's {@code metadata.uid}). */
  public static final String POD_UID_ENV = "FLINKSTACK_POD_UID";
  /**
   * The JobManager container's environment variable holding its pod's StatefulSet revision (the downward API's
   * {@code metadata.labels['controller-revision-hash']}, the label the StatefulSet controller puts on every pod).
   */
  public static final String POD_REVISION_ENV = "FLINKSTACK_POD_REVISION";
  /** Where the JobManager container mounts the ConfigMap (its keys appear as files). */
  public static final String MOUNT_PATH = "/opt/flinkstack/restore";
  /** Name of the JobManager's volume holding the ConfigMap. */
  public static final String VOLUME_NAME = "flinkstack-restore";

  private RestoreState() {}

  /** The source text of the {@link #RESOLVER_KEY} program, a resource of this jar. */
  public static String resolverSource() {
    try (java.io.InputStream in = RestoreState.class.getResourceAsStream(RESOLVER_KEY)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOLVER_KEY + " missing from flinkstack-contract");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static String configMap(String cluster) {
    return cluster + "-restore";
  }
}
