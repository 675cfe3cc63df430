package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.Backend;
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
final class ApplicationJobFeature {
  static final String SHUTDOWN_ON_FINISH_KEY = "execution.shutdown-on-application-finish";
  static final String ARTIFACTS_VOLUME = "artifacts";

  private ApplicationJobFeature() {}

  static boolean applies(ClusterSpec spec) {
    return !spec.session() && spec.props().getBackend() != Backend.OPERATOR;
  }

  static void apply(ClusterModel m) {
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
}
