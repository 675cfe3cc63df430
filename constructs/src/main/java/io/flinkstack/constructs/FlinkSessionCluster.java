package io.flinkstack.constructs;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.validation.Problems;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * A long-running Flink session cluster: a JobManager running {@code jobmanager}, TaskManagers fixed or
 * under an HPA, and everything {@link FlinkApplication} offers (HA, local recovery, storage, security).
 * Jobs attach with {@link SessionJob} and {@link SqlJob}; their total parallelism is checked against the
 * cluster's slots as they attach.
 *
 * <pre>{@code
 * FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "analytics")
 *     .image("flink:2.1").taskManagers(3).taskSlots(4)
 *     .build();
 * SessionJob.Builder.create(chart, "enrich").cluster(session)
 *     .jarUri("https://repo.example.com/jobs/enrich-1.2.jar").parallelism(4)
 *     .build();
 * }</pre>
 */
public class FlinkSessionCluster extends FlinkCluster {
  private final List<AttachedJob> jobs = new ArrayList<>();

  /** A job attached to this cluster, as far as slot accounting needs it. */
  record AttachedJob(String name, int parallelism, boolean running) {}

  public FlinkSessionCluster(Construct scope, String id, FlinkSessionClusterProps props) {
    this(scope, id, props, AppPeers.admit(scope, props));
  }

  private FlinkSessionCluster(Construct scope, String id, FlinkSessionClusterProps props,
      AppPeers.Admission admission) {
    super(scope, id, admission,
        ClusterValidator.validateSession(props, id, () -> ConstructPaths.of(scope, id), admission.admitted()));
  }

  /** Slots the jobs share: TaskManagers (the autoscaler's maximum under an HPA) × slots per TaskManager. */
  public int getSlots() {
    int taskManagers = spec().autoscaled() ? spec().props().getAutoscaling().getMaxReplicas() : spec().taskManagers();
    return taskManagers * spec().taskSlots();
  }

  /**
   * Records a job; refuses a second job of the same name, and running jobs whose parallelism together
   * exceeds the slots — with the default or adaptive scheduler such a job waits for slots that never come
   * and fails when its slot request times out, so this is an error, not a warning.
   */
  void attach(AttachedJob job, Problems problems) {
    for (AttachedJob other : jobs) {
      if (other.name().equals(job.name())) {
        problems.add("name", String.format("'%s' is already a job of session cluster '%s'; job names are unique per"
            + " cluster", job.name(), spec().name()));
        return;
      }
    }
    if (job.running()) {
      int used = jobs.stream().filter(AttachedJob::running).mapToInt(AttachedJob::parallelism).sum();
      if (used + job.parallelism() > getSlots()) {
        problems.add("parallelism", String.format("%d more slots do not fit session cluster '%s': its %d slots already"
            + " run %d (%s); lower the parallelism, suspend a job (DesiredState.SUSPENDED), or add TaskManagers or slots",
            job.parallelism(), spec().name(), getSlots(), used,
            String.join(", ", jobs.stream().filter(AttachedJob::running).map(j -> j.name() + "=" + j.parallelism()).toList())));
        return;
      }
    }
    if (problems.isEmpty()) {
      jobs.add(job);
    }
  }

  /** JSII-style builder: {@code FlinkSessionCluster.Builder.create(scope, id)...build()}. */
  public static final class Builder extends FlinkSessionClusterProps.ConstructBuilder<Builder, FlinkSessionCluster> {
    private Builder(Construct scope, String id) {
      super(scope, id, FlinkSessionCluster::new);
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }
  }
}
