package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.FlinkVersion;

/**
 * What a standalone application cluster's JobManager needs to run its job the way the official image's
 * {@code standalone-job} entrypoint does, on a read-only root file system under a StatefulSet:
 *
 * <ul>
 *   <li>{@code execution.shutdown-on-application-finish: false}. Flink's default ends the JobManager process when
 *       the job reaches a terminal state; the StatefulSet's pod (restartPolicy Always) is then restarted and runs
 *       the job again from the start — forever, for a bounded job. Kept up, the JobManager reports the finished
 *       (or failed) job over REST until the next deployment replaces it. This is also what lets the runtime
 *       controller stop a job with a savepoint without the kubelet restarting it from the old pod spec.
 *   <li>{@code web.submit.enable: false}: an application never needs jar upload and run over REST.
 *   <li>From 1.19, {@code standalone-job --jars} copies the job jar (and any remote artifact) into
 *       {@code user.artifacts.base-dir}, {@value FlinkVersion#ARTIFACTS_DIR} by default, before the job starts:
 *       on the read-only root that fails, so the directory is an emptyDir.
 * </ul>
 */
final class ApplicationJobFeature implements ClusterFeature {
  static final String SHUTDOWN_ON_FINISH_KEY = "execution.shutdown-on-application-finish";
  static final String ARTIFACTS_VOLUME = "artifacts";

  static final ApplicationJobFeature INSTANCE = new ApplicationJobFeature();

  private ApplicationJobFeature() {}

  static boolean applies(ClusterSpec spec) {
    return !spec.session() && spec.props().getBackend() != Backend.OPERATOR;
  }

  @Override
  public void apply(ClusterModel m) {
    if (!applies(m.spec)) {
      return;
    }
    m.config.put(SHUTDOWN_ON_FINISH_KEY, "false");
    // The job is in the image or fetched by the entrypoint: nothing needs to upload or run jars through REST, so the
    // web submission endpoints are off (a user's flinkConfiguration may turn them on). POST /jobs stays: Flink has no
    // switch for it, which is why exposing REST needs a RestProtection.
    m.config.put("web.submit.enable", "false");
    if (m.spec.flinkVersion().fetchesJobJars()) {
      m.config.put("user.artifacts.base-dir", FlinkVersion.ARTIFACTS_DIR);
      m.jobManager.volumes.add(new VolumeBuilder().withName(ARTIFACTS_VOLUME).withNewEmptyDir().endEmptyDir().build());
      m.jobManager.volumeMounts.add(
          new VolumeMountBuilder().withName(ARTIFACTS_VOLUME).withMountPath(FlinkVersion.ARTIFACTS_DIR).build());
    }
  }

  private static boolean hasSavepointDir(ClusterProps cluster) {
    return cluster.getStateStorage() != null || cluster.getFlinkConfiguration().containsKey("state.savepoints.dir")
        || cluster.getFlinkConfiguration().containsKey("execution.checkpointing.savepoint-dir");
  }

  /** The upgrade mode after defaulting: SAVEPOINT with somewhere to put savepoints, else STATELESS. */
  static UpgradeMode upgradeMode(JobSettings job, ClusterProps cluster) {
    return job.getUpgradeMode() != null ? job.getUpgradeMode()
        : hasSavepointDir(cluster) ? UpgradeMode.SAVEPOINT : UpgradeMode.STATELESS;
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    FlinkApplicationProps app = in.app();
    if (app == null) {
      return;
    }
    checkJob(app.getJob(), in.props(), "job", false, problems);
    if (in.props().getBackend() == Backend.OPERATOR) {
      OperatorManifests.checkApplicationJob(app.getJob(), "job", problems);
    } else {
      String value = in.props().getFlinkConfiguration().get(SHUTDOWN_ON_FINISH_KEY);
      problems.check(value == null || value.strip().equalsIgnoreCase("false"), "flinkConfiguration." + SHUTDOWN_ON_FINISH_KEY,
          String.format("'%s' would end the JobManager when the job finishes (or is stopped with a savepoint), and"
              + " the StatefulSet would restart it and run the job again from the start, forever for a bounded job;"
              + " remove the key (flinkstack sets it to false)", value));
    }
  }

  /**
   * Checks a job's settings against its cluster; returns the upgrade mode after defaulting (SAVEPOINT with
   * somewhere to put savepoints, else STATELESS).
   *
   * @param session a session job: LAST_STATE needs no HA. A session cluster's HA metadata is the cluster's, not the
   *     job's: the runtime controller upgrades such a job with a savepoint (from its latest checkpoint when it has
   *     failed), so it needs a savepoint directory; the Apache operator reads the job's latest checkpoint over REST
   *     (its checkpoint directory is checked with its other rules).
   */
  static UpgradeMode checkJob(JobSettings job, ClusterProps cluster, String field, boolean session, Problems problems) {
    boolean savepointDir = hasSavepointDir(cluster);
    UpgradeMode mode = upgradeMode(job, cluster);
    boolean standaloneSessionLastState = session && mode == UpgradeMode.LAST_STATE && cluster.getBackend() != Backend.OPERATOR;
    boolean needsSavepointDir = mode == UpgradeMode.SAVEPOINT || standaloneSessionLastState
        || job.getState() == DesiredState.SUSPENDED || job.getSavepointInterval() != null;
    if (needsSavepointDir) {
      problems.check(savepointDir, field, "needs somewhere to write savepoints (upgrade mode SAVEPOINT, SUSPENDED,"
          + " periodic savepoints, or a session job's LAST_STATE, which the runtime controller upgrades with a savepoint);"
          + " set stateStorage(StateStorage.objectStore(...)) on the cluster, or use UpgradeMode.STATELESS");
    }
    if (mode == UpgradeMode.LAST_STATE && !session) {
      problems.check(cluster.getHighAvailability() != null, field + ".upgradeMode", "LAST_STATE restores from the"
          + " checkpoint recorded in HA metadata; set highAvailability(HighAvailability...) on the cluster, or use SAVEPOINT");
    }
    problems.check(job.getState() != null, field + ".state", "is null; use DesiredState.RUNNING or DesiredState.SUSPENDED");
    for (String[] duration : new String[][] {{"savepointInterval", job.getSavepointInterval()},
        {"savepointHistoryMaxAge", job.getSavepointHistoryMaxAge()}, {"readinessTimeout", job.getReadinessTimeout()}}) {
      if (duration[1] != null) {
        problems.check(CommonChecks.isFlinkDuration(duration[1]), field + "." + duration[0],
            String.format("'%s' is not a Flink duration; e.g. 30 min, 1 h, 7 d", duration[1]));
      }
    }
    if (job.getSavepointHistoryMaxCount() != null) {
      problems.check(job.getSavepointHistoryMaxCount() >= 1, field + ".savepointHistoryMaxCount",
          job.getSavepointHistoryMaxCount() + " keeps no savepoint; use 1 or more");
    }
    if (job.getInitialSavepointPath() != null) {
      problems.check(StateStorageFeature.schemeOf(job.getInitialSavepointPath()) != null, field + ".initialSavepointPath",
          String.format("'%s' is not a savepoint URI; e.g. s3://bucket/savepoints/savepoint-1a2b3c", job.getInitialSavepointPath()));
    }
    if (cluster.getBackend() == Backend.OPERATOR) {
      // What the Apache operator's validator refuses beyond the above (directories as it reads them, savepoints
      // triggered by nonce or by its own keys).
      OperatorManifests.checkJob(job, mode, cluster, savepointDir, needsSavepointDir && !savepointDir, field, problems);
    }
    return mode;
  }
}
