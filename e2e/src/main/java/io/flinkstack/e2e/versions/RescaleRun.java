package io.flinkstack.e2e.versions;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.e2e.versions.VersionRun.Jar;
import io.flinkstack.e2e.versions.VersionRun.Scenario;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An application of one Flink version under TaskManager autoscaling, from that version's own jars, with the runtime
 * controller's real reconciler and loop: one TaskManager of {@link VersionRun#PARALLELISM} slots, then as many more as
 * the HPA may run ({@link VersionRun#AUTOSCALED_MAX_TASK_MANAGERS}; this run scales the TaskManager StatefulSet as the HPA
 * would, there being no HPA controller here). The job's parallelism is left to its default, the slots of the most
 * TaskManagers, so Flink's adaptive scheduler starts it on the slots there are.
 *
 * <p>From 1.18 ({@link FlinkVersion#updatesResourceRequirements()}) the controller rescales the job in place through
 * {@code PUT /jobs/:id/resource-requirements}: it bounds the job to the one TaskManager's slots, then raises the bound
 * when the second comes; Flink's own requirements and the job's parallelism must follow, and the controller records the
 * rescale. Before 1.18 the endpoint is not there, the controller records no rescale (should it look while the job runs
 * below the slots, it reports one unsupported, with an Event), and what the constructs' warning says must hold: Flink's
 * adaptive scheduler alone uses the new slots, up to the job's parallelism (seen on 1.16.3 and
 * 1.17.2). Until 2026-12-07 rescaling ran on Flink 1.20.3 only. The job is {@code RangeSequenceJob} cut into two ranges
 * (so two of the four readers after the rescale have none and finish, the job running on with finished subtasks,
 * FLIP-147), its committed output exactly once after the first start and after the rescale ({@link CommittedOutput};
 * since 2026-12-07, before which the job had no output to check).
 */
public final class RescaleRun {
  private RescaleRun() {}

  /** Runs {@code version}'s autoscaled application in {@code work}; throws naming the step and what was seen. */
  public static SessionRun.Outcome run(FlinkVersion version, Path work) throws IOException {
    Scenario scenario = new Scenario(version, false, Jar.LOCAL);
    int few = VersionRun.PARALLELISM;
    int most = VersionRun.PARALLELISM * VersionRun.AUTOSCALED_MAX_TASK_MANAGERS;
    List<String> steps = new ArrayList<>();
    long created = System.nanoTime();
    // The exactly-once job with two ranges: rescaled to four readers, two have none and finish (FLIP-147).
    CommittedOutput output = new CommittedOutput(work.resolve("output"));
    VersionRun.Job twoRanges = VersionRun.Job.ranges(output.directory(), 5, few);
    try (VersionRun.Deployment deployment = VersionRun.Deployment.start(scenario, work, twoRanges, VersionRun.checkpoints(version), true)) {
      KubernetesGateway gateway = new Fabric8KubernetesGateway(deployment.client());
      // The HPA's part: the TaskManagers at its minimum (the set is synthesized without replicas, as an HPA's target).
      String taskManagers = ClusterNames.taskManager(VersionRun.NAME);
      gateway.scaleStatefulSet(VersionRun.NAMESPACE, taskManagers, 1);
      ControllerSettings settings = ControllerSettings.defaults().withLookAgainInFlight(Duration.ofMillis(500));
      try (ControllerLoop controller = deployment.startController(gateway, settings)) {
        SessionRun.Step step = deployment.step(version, gateway);
        String jobId = step.awaitStableApplication(few).jobId();
        double firstJobSeconds = (System.nanoTime() - created) / 1e9;
        output.grewExactlyOnce("the first start");
        steps.add("running at " + few);

        boolean inPlace = version.updatesResourceRequirements();
        if (inPlace) {
          step.awaitStatus("the job bounded to the slots of one TaskManager", status -> status.rescale() == null
              && status.lastRescale() != null && Integer.valueOf(few).equals(status.lastRescale().to()));
          step.check(upperBound(deployment, jobId) == few, "Flink's resource requirements of job " + jobId + " after the"
              + " controller bounded it to " + few + ": " + deployment.flink().resourceRequirements(jobId));
          steps.add("bounded to " + few);
        }

        gateway.scaleStatefulSet(VersionRun.NAMESPACE, taskManagers, VersionRun.AUTOSCALED_MAX_TASK_MANAGERS);
        step.awaitJob(jobId, most);
        if (inPlace) {
          RuntimeStatus rescaled = step.awaitStatus("the rescale to " + most + " recorded", status -> status.rescale() == null
              && status.lastRescale() != null && Integer.valueOf(most).equals(status.lastRescale().to()));
          step.check(Rescale.IN_PLACE.equals(rescaled.lastRescale().method()) && "succeeded".equals(rescaled.lastRescale().outcome()),
              "the rescale: " + rescaled.lastRescale());
          step.check(upperBound(deployment, jobId) == most, "Flink's resource requirements of job " + jobId + " after the"
              + " rescale: " + deployment.flink().resourceRequirements(jobId));
          steps.add("in place to " + most);
          // Rescaled above the source's splits, readers without one finish: the job runs with finished subtasks, which
          // Flink savepoints (FLIP-147). A savepoint asked for by a new nonce, as `kubectl edit` would change it.
          deployment.client().resources(FlinkJob.class).inNamespace(VersionRun.NAMESPACE).withName(step.name()).edit(job -> {
            job.getSpec().savepointTriggerNonce = 1L;
            return job;
          });
          RuntimeStatus saved = step.awaitStatus("the nonce's savepoint", status -> status.lastSavepoint() != null
              && status.lastSavepoint().trigger() == SavepointTrigger.NONCE);
          step.check(jobId.equals(saved.lastSavepoint().jobId()), "the nonce's savepoint: " + saved.lastSavepoint());
          steps.add("savepoint");
        } else {
          RuntimeStatus status = step.status().orElseThrow();
          step.check(status.lastRescale() == null, "a rescale recorded on Flink " + version + ", which has no"
              + " resource-requirements endpoint: " + status.lastRescale());
          steps.add("by Flink alone to " + most);
        }
        ExactlyOnceChecker.Report committed = output.grewExactlyOnce("the rescale to " + most);
        return new SessionRun.Outcome(steps, firstJobSeconds, committed);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Flink " + version + " autoscaled application, after " + steps + ": " + e.getMessage()
            + "; pods: " + deployment.pods().diagnostics(), e);
      }
    }
  }

  /** The highest upper bound of Flink's resource requirements of the job (what the adaptive scheduler may use). */
  private static int upperBound(VersionRun.Deployment deployment, String jobId) {
    return deployment.flink().resourceRequirements(jobId).highestUpperBound().orElse(0);
  }
}
