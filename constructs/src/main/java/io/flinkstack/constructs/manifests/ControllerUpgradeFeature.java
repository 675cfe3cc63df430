package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.UpgradeGate;
import java.util.List;
import java.util.Map;

/**
 * A standalone application cluster is upgraded by flinkstack's runtime controller, never by Kubernetes alone,
 * whatever its upgrade mode:
 *
 * <ul>
 *   <li>both StatefulSets use {@code RollingUpdate} with the partition at {@link UpgradeGate#CLOSED} (the upgrade
 *       gate), so applying changed manifests only leaves a pending revision, and every pod created meanwhile
 *       (replaced, drained, scaled up) comes from the current one; the controller stops the job with a
 *       savepoint, records the restore path, opens the gate ({@link UpgradeGate#OPEN}), deletes the pods and
 *       closes the gate when the upgrade is complete;
 *   <li>the JobManager mounts the controller-owned ConfigMap {@link RestoreState#configMap(String)} (optional:
 *       a first deploy without a controller starts normally) and its start script turns the recorded path
 *       into {@code --fromSavepoint};
 *   <li>after stop-with-savepoint the JobManager stays up until the controller deletes it (every application
 *       cluster has {@code execution.shutdown-on-application-finish: false}, see {@link ApplicationJobFeature}),
 *       instead of exiting and being restarted by the kubelet from the old pod spec.
 * </ul>
 *
 * Until 2026-12-07 STATELESS applications were left to Kubernetes' rolling update, with their job running. Under HA
 * the new JobManager then recovered the old job from HA's job graph store and refused the application (on Flink 2.3's
 * own jars, e2e's ApplicationRun: "Base job ID … is not found in the recovered jobs"), and the old job failed once its
 * TaskManager was replaced: nothing ran. Without HA their {@code initialSavepointPath} never reached the JobManager,
 * and an upgrade had no readiness timeout or rollback. Now the controller cancels a stateless job, waits for it to end
 * (which takes it out of HA), and starts the new template without state under a new deployment id.
 *
 * <p>Session clusters and the operator backend are unchanged: their StatefulSets roll as before (a session cluster's
 * jobs are the controller's submissions, the operator does its own upgrades).
 */
final class ControllerUpgradeFeature implements ClusterFeature {
  /** The image's entrypoint, which the start script hands over to. */
  static final String ENTRYPOINT = "/docker-entrypoint.sh";
  /** {@code $0} of the start script ({@code sh -c script name args…}); only shows in process listings. */
  static final String SCRIPT_NAME = "jobmanager";

  static final ControllerUpgradeFeature INSTANCE = new ControllerUpgradeFeature();

  private ControllerUpgradeFeature() {}

  /** Whether the controller, not Kubernetes, rolls this cluster's pods. */
  static boolean applies(ClusterSpec spec) {
    return !spec.session() && spec.props().getBackend() != Backend.OPERATOR;
  }

  @Override
  public void apply(ClusterModel m) {
    if (!applies(m.spec)) {
      return;
    }
    m.gatedUpdates = true;
    m.jobManager.volumes.add(new VolumeBuilder()
        .withName(RestoreState.VOLUME_NAME)
        .withNewConfigMap().withName(RestoreState.configMap(m.spec.name())).withOptional(true).endConfigMap()
        .build());
    m.jobManager.volumeMounts.add(new VolumeMountBuilder()
        .withName(RestoreState.VOLUME_NAME).withMountPath(RestoreState.MOUNT_PATH).withReadOnly(true).build());
    // What the start script's guard compares with the pods and revisions a transition replaces (replacedLines).
    m.jobManager.env.add(new EnvVarBuilder().withName(RestoreState.POD_UID_ENV).withNewValueFrom().withNewFieldRef()
        .withFieldPath("metadata.uid").endFieldRef().endValueFrom().build());
    HighAvailabilityFeature.revisionEnv(m);
  }

  /**
   * The JobManager container's command; its args stay what they were ({@code standalone-job …}).
   *
   * @param restore read the controller's restore ConfigMap (controller-upgraded clusters)
   * @param jobIdPerDeployment give the job an id of this deployment ({@link HighAvailabilityFeature})
   */
  static List<String> jobManagerCommand(JobSettings job, boolean restore, boolean jobIdPerDeployment,
      Map<String, String> storesPerDeployment, boolean resumeFromLatestCheckpoint) {
    return List.of("/bin/sh", "-c", startScript(restore, job == null ? null : job.getInitialSavepointPath(),
        job != null && Boolean.TRUE.equals(job.getAllowNonRestoredState()), jobIdPerDeployment, storesPerDeployment,
        resumeFromLatestCheckpoint), SCRIPT_NAME);
  }

  /**
   * Whether a controller-upgraded application without HA resumes from its deployment's latest checkpoint after its
   * JobManager restarted: it has a checkpoint directory (declared, or state storage's) to resume from.
   */
  static boolean resumesFromLatestCheckpoint(ClusterModel m) {
    if (!m.gatedUpdates || m.spec.highlyAvailable()) {
      return false;
    }
    return FlinkVersion.checkpointsDirKeys().stream().anyMatch(key -> present(m.spec.flinkConfiguration().get(key)))
        || present(m.config.get(m.spec.flinkVersion().checkpointsDirKey()));
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /** As the controller-upgraded JobManager runs it without a job id per deployment. */
  static String startScript(String initialSavepointPath, boolean initialAllowNonRestoredState) {
    return startScript(true, initialSavepointPath, initialAllowNonRestoredState, false);
  }

  /**
   * The start script, POSIX sh. With {@code sh -c script jobmanager standalone-job …} the container's args are
   * {@code "$@"}. First it exits when the ConfigMap names its pod as one being replaced ({@link #replacedLines}). It reads
   * the restore path the controller recorded (a ConfigMap key is a file under the mount;
   * a missing ConfigMap is an empty directory) and, when there is one, inserts {@code --fromSavepoint PATH}
   * (and {@code --allowNonRestoredState} when that key holds {@code true}) right after {@code standalone-job}:
   * Flink's entrypoint parser stops at the first argument it does not know, so options after the job's own
   * arguments would be passed to the job instead. Then it execs the image's entrypoint with the arguments.
   *
   * <p>The job's declared initial savepoint ({@link JobSettings#getInitialSavepointPath()}) used to reach only
   * the runtime controller, through the cluster's {@code FlinkJob}; the JobManager never saw it. Here
   * it is the fallback when the controller has recorded nothing (first deploy, or no controller installed: no
   * {@link RestoreState#DEPLOYMENT_KEY}), so a recorded path always wins, and a recorded empty path (a stateless upgrade
   * or restart) starts the job without state. After an upgrade the job resumes from the upgrade savepoint, not from the
   * savepoint it was first deployed with. The initial path goes in single quotes (a quote in it closed and
   * escaped), so no character of it is interpreted by the shell.
   *
   * <p>The script avoids {@code $(…)} and {@code $$}: the kubelet expands {@code $(NAME)} and {@code $$} in a
   * container's command. It writes nothing, so the read-only root file system is fine. It names only the mount
   * path and the entrypoint, both literally: a test harness runs it with those two strings replaced.
   *
   * <p>With {@code jobIdPerDeployment} it also inserts {@code --job-id}, the MD5 (32 hex digits, a Flink job id) of
   * the pod's StatefulSet revision and the restore path: the same for every restart of one deployment (so HA
   * recovers the running job, and a finished job is not run again), new for every new template or restore (so an
   * upgrade or a resume is not mistaken for the finished job before it). Backquotes, not {@code $(…)}, which the
   * kubelet would expand.
   *
   * <p>Each of {@code storesPerDeployment} (a configuration key and a base location without a last slash) becomes a dynamic property
   * {@code -D key=BASE/JOBID} after the job id: a store of that deployment only (HighAvailabilityFeature says why).
   */
  static String startScript(boolean restore, String initialSavepointPath, boolean initialAllowNonRestoredState,
      boolean jobIdPerDeployment) {
    return startScript(restore, initialSavepointPath, initialAllowNonRestoredState, jobIdPerDeployment, Map.of());
  }

  static String startScript(boolean restore, String initialSavepointPath, boolean initialAllowNonRestoredState,
      boolean jobIdPerDeployment, Map<String, String> storesPerDeployment) {
    return startScript(restore, initialSavepointPath, initialAllowNonRestoredState, jobIdPerDeployment, storesPerDeployment, false);
  }

  /**
   * @param resumeFromLatestCheckpoint an application without HA ({@link #resumesFromLatestCheckpoint}): each start's job
   *     id begins with 24 digits of the deployment (the rest random), and at every start the newest completed
   *     {@code chk-<n>} in the directories of the deployment's jobs (under the configured checkpoint directory) wins over
   *     the restore path: a JobManager that restarted within a deployment (a crash, an eviction, a node drain) resumes the
   *     job where its last checkpoint left it, not from the savepoint the deployment started from (which replayed
   *     everything since, until 2026-12-08). The first start of a deployment finds none (a new id), and starts from the
   *     restore path. The controller's resolver lists it ({@link RestoreState#RESOLVER_KEY}, in the restore ConfigMap
   *     from the controller's first look at the cluster on); without it, the restore path as before.
   */
  static String startScript(boolean restore, String initialSavepointPath, boolean initialAllowNonRestoredState,
      boolean jobIdPerDeployment, Map<String, String> storesPerDeployment, boolean resumeFromLatestCheckpoint) {
    boolean resume = restore && resumeFromLatestCheckpoint;
    StringBuilder s = new StringBuilder();
    s.append("p= n=\n");
    if (restore) {
      restoreLines(s, initialSavepointPath, initialAllowNonRestoredState);
    }
    if (jobIdPerDeployment || resume) {
      // The deployment id the controller writes beside the path (a restart at the same revision from the same path,
      // or from none, must still be a new job); without one, the revision and the path alone.
      s.append("d=\n");
      if (restore) {
        s.append("[ -s ").append(RestoreState.MOUNT_PATH).append('/').append(RestoreState.DEPLOYMENT_KEY).append(" ] && read -r d < ")
            .append(RestoreState.MOUNT_PATH).append('/').append(RestoreState.DEPLOYMENT_KEY).append('\n');
      }
      s.append("if [ -n \"$d\" ]; then j=`printf '%s|%s|%s' \"$").append(HighAvailabilityFeature.REVISION_ENV)
          .append("\" \"$p\" \"$d\" | md5sum | cut -c1-32`\n");
      s.append("else j=`printf '%s|%s' \"$").append(HighAvailabilityFeature.REVISION_ENV)
          .append("\" \"$p\" | md5sum | cut -c1-32`; fi\n");
    }
    if (resume) {
      latestCheckpointLines(s);
      // A job id per start, its first 24 digits the deployment's: a TaskManager that still holds the previous start's
      // job refuses the same id with other jar blobs (Flink 2.3's BlobLibraryCacheManager: "The library registration
      // references a different set of library BLOBs than previous registrations for this job", found by e2e's
      // ApplicationRun), which only HA's recovered job graph keeps the same.
      s.append("r=`od -An -N4 -tx1 /dev/urandom | tr -d ' \\n'`; j=$k$r\n");
    }
    if (restore) {
      fromSavepointLines(s);
    }
    if (jobIdPerDeployment || resume) {
      s.append("a=$1; shift\n");
      s.append("set -- \"$a\" --job-id \"$j\"");
      storesPerDeployment.forEach((key, base) -> s.append(" -D ").append(singleQuoted(key + "=" + base + "/")).append("\"$j\""));
      s.append(" \"$@\"\n");
    }
    s.append("exec ").append(ENTRYPOINT).append(" \"$@\"\n");
    return s.toString();
  }

  private static void restoreLines(StringBuilder s, String initialSavepointPath, boolean initialAllowNonRestoredState) {
    String dir = RestoreState.MOUNT_PATH;
    replacedLines(s, dir);
    // read takes the first line without surrounding blanks; it fails on a missing last newline but still reads.
    s.append("[ -s ").append(dir).append('/').append(RestoreState.PATH_KEY).append(" ] && read -r p < ")
        .append(dir).append('/').append(RestoreState.PATH_KEY).append('\n');
    s.append("[ -s ").append(dir).append('/').append(RestoreState.ALLOW_NON_RESTORED_STATE_KEY)
        .append(" ] && read -r n < ").append(dir).append('/').append(RestoreState.ALLOW_NON_RESTORED_STATE_KEY)
        .append('\n');
    directoryLines(s, dir);
    if (initialSavepointPath != null) {
      // Only when the controller has written nothing: every ConfigMap it writes has a deployment id, and an empty path
      // beside one is a stateless upgrade or restart, whose job starts without state (as with the Apache operator).
      s.append("[ -n \"$p\" ] || [ -s ").append(dir).append('/').append(RestoreState.DEPLOYMENT_KEY).append(" ] || { p=")
          .append(singleQuoted(initialSavepointPath)).append(" n=").append(initialAllowNonRestoredState).append("; }\n");
    }
  }

  /** {@code --fromSavepoint} (and {@code --allowNonRestoredState}) right after the first argument, when there is a path. */
  private static void fromSavepointLines(StringBuilder s) {
    s.append("if [ -n \"$p\" ]; then\n");
    s.append("  a=$1; shift\n");
    s.append("  if [ \"$n\" = true ]; then set -- \"$a\" --fromSavepoint \"$p\" --allowNonRestoredState \"$@\"\n");
    s.append("  else set -- \"$a\" --fromSavepoint \"$p\" \"$@\"; fi\n");
    s.append("fi\n");
  }

  /**
   * The newest completed checkpoint of this deployment's jobs (each start's job id begins with the deployment's 24
   * digits), listed by the controller's resolver in {@code latest} mode with Flink's own file systems, in those jobs'
   * directories under the checkpoint directory of the same configuration Flink reads (not one written into this
   * script: that is where Flink writes); found, it is what the job restores. Nothing found (the deployment's first
   * start), or no resolver: the restore path.
   */
  private static void latestCheckpointLines(StringBuilder s) {
    String resolver = RestoreState.MOUNT_PATH + '/' + RestoreState.RESOLVER_KEY;
    s.append("k=`printf '%s' \"$j\" | cut -c1-24`\n");
    s.append("if [ -s ").append(resolver).append(" ]; then\n");
    s.append("  c=`FLINK_PLUGINS_DIR=\"${FLINK_PLUGINS_DIR:-$FLINK_HOME/plugins}\" \"${JAVA_HOME:+$JAVA_HOME/bin/}java\"")
        .append(" -XX:-UsePerfData -cp \"$FLINK_HOME/lib/*\" ").append(resolver)
        .append(" \"$k\" \"$FLINK_HOME/conf\" latest | sed -n 's/.*flinkstack-savepoint: //p'`\n");
    s.append("  if [ -n \"$c\" ]; then echo \"flinkstack: resuming from $c, the latest checkpoint of this deployment (no HA: the")
        .append(" JobManager restarted within it)\" >&2; p=$c; fi\n");
    s.append("fi\n");
  }

  /**
   * A JobManager the ConfigMap names as replaced ({@link RestoreState#REPLACED_PODS_KEY}: its pod's uid;
   * {@link RestoreState#REPLACED_REVISIONS_KEY}: its pod's revision) exits before it reads anything else: the restore
   * state is its replacement's, and a job it started from it (with the template or image being replaced) would commit
   * output until its pod is deleted, which the replacement's job then writes again. The kubelet restarts it after a
   * back-off until the controller deletes the pod. {@code read} skips a last line without a newline unless the loop
   * also takes a non-empty {@code v}; a redirected {@code while} runs in this shell, so its {@code exit} ends the script.
   */
  private static void replacedLines(StringBuilder s, String dir) {
    s.append("replaced() { [ -s \"$1\" ] || return 0; while read -r v || [ -n \"$v\" ]; do\n");
    s.append("  if [ -n \"$v\" ] && [ \"$v\" = \"$2\" ]; then echo \"flinkstack: this JobManager's pod ($3 $2) is one the runtime")
        .append(" controller is replacing (see $1 in the restore ConfigMap): not starting a job from its replacement's restore")
        .append(" state\" >&2; exit 1; fi\n");
    s.append("done < \"$1\"; }\n");
    s.append("replaced ").append(dir).append('/').append(RestoreState.REPLACED_PODS_KEY).append(" \"$").append(RestoreState.POD_UID_ENV)
        .append("\" uid\n");
    s.append("replaced ").append(dir).append('/').append(RestoreState.REPLACED_REVISIONS_KEY).append(" \"$")
        .append(RestoreState.POD_REVISION_ENV).append("\" revision\n");
  }

  /**
   * Without a path but with a directory ({@link RestoreState#DIRECTORY_KEY}: the controller's stop-with-savepoint
   * completed, its result was lost with a JobManager restart), the savepoint is the one in that directory: the
   * controller's resolver ({@link RestoreState#RESOLVER_KEY}) lists it with Flink's own file systems, on the image's
   * jars, plugins and configuration. Only its marked line is read (Flink's logging may print too). No savepoint
   * there: the container exits, saying so, rather than start the job without its state.
   */
  private static void directoryLines(StringBuilder s, String dir) {
    String directory = dir + '/' + RestoreState.DIRECTORY_KEY;
    s.append("if [ -z \"$p\" ] && [ -s ").append(directory).append(" ]; then\n");
    s.append("  read -r r < ").append(directory).append('\n');
    s.append("  p=`FLINK_PLUGINS_DIR=\"${FLINK_PLUGINS_DIR:-$FLINK_HOME/plugins}\" \"${JAVA_HOME:+$JAVA_HOME/bin/}java\"")
        .append(" -XX:-UsePerfData -cp \"$FLINK_HOME/lib/*\" ").append(dir).append('/').append(RestoreState.RESOLVER_KEY)
        .append(" \"$r\" \"$FLINK_HOME/conf\" | sed -n 's/.*flinkstack-savepoint: //p'`\n");
    s.append("  [ -n \"$p\" ] || { echo \"flinkstack: no savepoint found in $r (see above); not starting\" >&2; exit 1; }\n");
    s.append("fi\n");
  }

  private static String singleQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    // Nothing of its own to check: the job settings it acts on are checked by ApplicationJobFeature.
  }
}
