package io.flinkstack.e2e.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.e2e.Waits;
import io.flinkstack.e2e.versions.VersionRun.Deployment;
import io.flinkstack.e2e.versions.VersionRun.Jar;
import io.flinkstack.e2e.versions.VersionRun.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded job on real Flink (the newest version, Kubernetes HA as ZooKeeper HA): it finishes once. Flink's default
 * ended the JobManager when the job finished and the StatefulSet restarted it, running the job again, forever; and
 * under HA a JobManager restarted after the finish (an eviction) ran it again from the start, because Flink deleted
 * the finished job's entry from the job result store. flinkstack keeps the JobManager up
 * ({@code execution.shutdown-on-application-finish: false}) and, under HA, keeps the entry and gives the job an id per
 * deployment.
 */
class BoundedJobTest {
  private static final String JOBMANAGER = VersionRun.NAME + "-jobmanager-0";

  @Test
  void aFinishedJobRunsOnceEvenWhenItsJobManagerRestarts(@TempDir Path work) throws Exception {
    FlinkVersion newest = FlinkVersion.values()[FlinkVersion.values().length - 1];
    // About 10 s of work at parallelism 2: a second run would be seen RUNNING for seconds.
    try (Deployment d = Deployment.start(new Scenario(newest, true, Jar.LOCAL), work, List.of("--end", "4000"), Map.of())) {
      JobDetails finished = d.await("the bounded job to finish", job -> job.state() == JobState.FINISHED);

      // The JobManager stays up with its finished job: no exit, no restart by the kubelet.
      Thread.sleep(3_000);
      assertThat(d.pods().restartCount(JOBMANAGER)).hasValue(0);
      assertThat(jobsNotFinished(d)).isEmpty();

      // An eviction: the JobManager process dies, the kubelet starts it again from the same pod (same revision).
      d.pods().killProcess(JOBMANAGER);
      Waits.until("the JobManager restarted and answering", Duration.ofMinutes(2), () -> {
        try {
          return d.pods().restartCount(JOBMANAGER).orElse(0) >= 1 ? d.flink().jobs() : null;
        } catch (RuntimeException e) {
          return null;
        }
      }, jobs -> jobs != null);
      List<String> seen = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < until) {
        seen.addAll(jobsNotFinished(d));
        Thread.sleep(200);
      }
      assertThat(seen).as("a job that ran again after the restart (finished: %s)", finished.id()).isEmpty();
      assertThat(d.pods().restartCount(JOBMANAGER)).hasValue(1);
    }
  }

  private static List<String> jobsNotFinished(Deployment d) {
    try {
      return d.flink().jobs().stream().filter(job -> !job.state().isGloballyTerminal())
          .map(job -> job.id() + "=" + job.state()).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

}
