package io.flinkstack.e2e;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.testjob.SequenceJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * The application the end-to-end runs deploy: the exactly-once sequence job as a {@link FlinkApplication}
 * in application mode with savepoint upgrades, written exactly as a user would, then synthesized. A new
 * {@link #imageTag} is what an upgrade changes (a new image of the job); {@link #end} lets the last run
 * finish so its whole output can be checked.
 *
 * @param output where the job writes (a local directory: the pods are local processes)
 */
public record SequenceApplication(String name, String namespace, Path output, String imageTag, DesiredState state, Long end,
    double recordsPerSecond, Long savepointNonce, Integer maxTaskManagers,
    long checkpointMillis, UpgradeMode upgradeMode, Long failAt, Long restartNonce, String entryClass, String readinessTimeout, Boolean rollback,
    Double taskManagerCpu) {
  /** Where the synthesized JobManager expects the job's jar in its image. */
  public static final String JAR_URI = "local:///opt/flink/usrlib/sequence-job.jar";

  public static SequenceApplication of(String name, String namespace, Path output) {
    return new SequenceApplication(name, namespace, output, "1", DesiredState.RUNNING, null, 200, null, null, 500, UpgradeMode.SAVEPOINT, null, null, null, null, null, null);
  }

  public SequenceApplication withImageTag(String tag) {
    return new SequenceApplication(name, namespace, output, tag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers, checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  public SequenceApplication withState(DesiredState value) {
    return new SequenceApplication(name, namespace, output, imageTag, value, end, recordsPerSecond, savepointNonce, maxTaskManagers, checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /** The job emits the numbers below {@code value} and finishes. */
  public SequenceApplication withEnd(long value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, value, recordsPerSecond, savepointNonce, maxTaskManagers, checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /** Asks the controller for a savepoint: a nonce it has not answered yet ({@code savepointTriggerNonce}). */
  public SequenceApplication withSavepointNonce(long value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, value, maxTaskManagers, checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /**
   * TaskManagers under an autoscaler (an HPA from 2 to {@code max}, replicas left to it, the adaptive
   * scheduler): the runtime controller rescales the job in place when their number changes.
   */
  public SequenceApplication withAutoscaledTaskManagers(int max) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, max, checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /**
   * The job's checkpoint interval: output is committed at each checkpoint, so it bounds how soon output
   * shows again after a restart (default 500 ms).
   */
  public SequenceApplication withCheckpointInterval(Duration interval) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        interval.toMillis(), upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /** The FlinkJob's {@code upgradeMode} (savepoint by default). */
  public SequenceApplication withUpgradeMode(UpgradeMode value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, value, failAt, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /** The FlinkJob's {@code restartNonce}: a new value restarts the job (no template change). */
  public SequenceApplication withRestartNonce(long value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, upgradeMode, failAt, value, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /** The job fails on number {@code value} every time it meets it (a crash loop); null: it does not. */
  public SequenceApplication withFailAt(Long value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, upgradeMode, value, restartNonce, entryClass, readinessTimeout, rollback, taskManagerCpu);
  }

  /** The job's main class (null: {@code SequenceJob}); a class the image lacks makes a job that never runs. */
  public SequenceApplication withEntryClass(String value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, upgradeMode, failAt, restartNonce, value, readinessTimeout, rollback, taskManagerCpu);
  }

  /** The FlinkJob's {@code readinessTimeout} (null: the controller's default, 5 min). */
  public SequenceApplication withReadinessTimeout(String value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, value, rollback, taskManagerCpu);
  }

  /** The FlinkJob's {@code rollback} (null: the default, on). */
  public SequenceApplication withRollback(Boolean value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, value, taskManagerCpu);
  }

  /**
   * The TaskManagers' CPU (null: {@link #DEFAULT_TASK_MANAGER_CPU}): a change of it changes the TaskManager's pod template
   * alone, not the JobManager's and not the Flink configuration.
   */
  public SequenceApplication withTaskManagerCpu(double value) {
    return new SequenceApplication(name, namespace, output, imageTag, state, end, recordsPerSecond, savepointNonce, maxTaskManagers,
        checkpointMillis, upgradeMode, failAt, restartNonce, entryClass, readinessTimeout, rollback, value);
  }

  /** The TaskManagers' CPU unless {@link #withTaskManagerCpu} says otherwise. */
  public static final double DEFAULT_TASK_MANAGER_CPU = 1;

  public int lanes() {
    return SequenceJob.DEFAULT_LANES;
  }

  /** The manifests, as {@code flinkstack synth} would write them. */
  public String synthesize() {
    App app = new App();
    Chart chart = new Chart(app, "e2e-" + name, ChartProps.builder().namespace(namespace).build());
    List<String> args = new ArrayList<>(List.of("--output", output.toUri().toString(), "--lanes", Integer.toString(lanes()),
        "--rate", Double.toString(recordsPerSecond), "--checkpoint-interval", Long.toString(checkpointMillis)));
    if (end != null) {
      args.addAll(List.of("--end", Long.toString(end)));
    }
    if (failAt != null) {
      args.addAll(List.of("--fail-at", Long.toString(failAt)));
    }
    FlinkApplication.Builder builder = FlinkApplication.Builder.create(chart, name);
    if (maxTaskManagers != null) {
      builder.autoscaling(HpaAutoscaler.builder().minReplicas(2).maxReplicas(maxTaskManagers).cpuUtilization(60).build());
    }
    builder
        .flinkVersion(FlinkVersion.V1_20)
        .image("registry.example.com/sequence-job:" + imageTag)
        .jarUri(JAR_URI)
        .entryClass(entryClass != null ? entryClass : SequenceJob.class.getName())
        .args(args)
        .parallelism(2)
        .taskManagers(2)
        .taskSlots(1)
        .taskManager(io.flinkstack.constructs.Resources.of("1728m", taskManagerCpu != null ? taskManagerCpu : DEFAULT_TASK_MANAGER_CPU))
        .stateStorage(StateStorage.objectStore("s3://e2e-state/" + name))
        // Kubernetes HA in the manifests (the pods run ZooKeeper HA in its place: LocalDeployment): the
        // controller must delete its stale ConfigMaps before a savepoint restore.
        .highAvailability(HighAvailability.builder().build())
        .job(JobSettings.builder().upgradeMode(upgradeMode).state(state).savepointTriggerNonce(savepointNonce).restartNonce(restartNonce)
            .readinessTimeout(readinessTimeout).rollback(rollback).build())
        .build();
    List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
    return String.join("---\n", manifests.stream().map(ChartManifest::yaml).toList());
  }
}
