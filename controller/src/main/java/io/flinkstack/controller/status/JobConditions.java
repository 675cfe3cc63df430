package io.flinkstack.controller.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.flinkstack.contract.FlinkObservation;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionResult;
import io.flinkstack.contract.resource.FlinkJobStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Ready}, {@code Reconciling} and {@code Stalled} conditions of a FlinkJob, from the controller's record
 * alone (a pure function: the caller passes the time). They follow the kstatus conventions that Flux reads and that
 * the Argo CD health check in {@code examples/gitops} reads: {@code Reconciling} True while the controller works
 * towards the spec, {@code Stalled} True when it cannot get there without a change, {@code Ready} True when the job
 * is as declared. A condition's {@code lastTransitionTime} changes only when its status does.
 */
public final class JobConditions {
  private JobConditions() {}

  /**
   * @param invalid the problem with the spec, when it cannot be read (it stalls the job until the spec changes)
   * @param previous the conditions stored before (their transition times are kept)
   */
  public static List<Condition> of(RuntimeStatus status, Optional<String> invalid, Long generation,
      List<Condition> previous, Instant now) {
    Verdict ready;
    Verdict reconciling;
    Verdict stalled;
    if (invalid.isPresent()) {
      ready = new Verdict(false, "InvalidSpec", invalid.get());
      reconciling = new Verdict(false, "InvalidSpec", "waiting for a corrected spec");
      stalled = new Verdict(true, "InvalidSpec", invalid.get());
    } else if (status == null) {
      ready = new Verdict(false, "Observing", "not observed yet");
      reconciling = new Verdict(true, "Observing", "the controller has seen the job and observes its cluster");
      stalled = new Verdict(false, "Observing", "");
    } else {
      Verdict work = work(status);
      FlinkObservation observation = status.observation();
      boolean unreachable = observation != null && !observation.jobManagerReachable();
      LifecycleState lifecycle = status.lifecycle();
      StatusError overdue = overdueUpgrade(status);
      if (overdue != null) {
        // In flight, but only a job that starts after all or a change in Git moves it on (kstatus: Stalled).
        ready = new Verdict(false, "ReadinessTimeout", overdue.message());
        reconciling = new Verdict(false, "ReadinessTimeout", "");
        stalled = new Verdict(true, "ReadinessTimeout", overdue.message());
      } else if (work != null) {
        reconciling = work;
        ready = new Verdict(lifecycle == LifecycleState.STABLE && status.transition() == null, work.reason(), work.message());
        stalled = new Verdict(false, work.reason(), "");
      } else if (unreachable && lifecycle != LifecycleState.SUSPENDED) {
        String message = "the JobManager does not answer: " + Objects.toString(observation.message(), "no answer");
        ready = new Verdict(false, "JobManagerUnreachable", message);
        reconciling = new Verdict(true, "JobManagerUnreachable", message);
        stalled = new Verdict(false, "JobManagerUnreachable", "");
      } else if (status.rolledBack() != null && lifecycle == LifecycleState.STABLE) {
        // The job runs, but not the applied template: only a change in Git moves it on (kstatus: Stalled).
        // A session job's targets are spec digests (it keeps the submission it went back to), an application's the
        // StatefulSets' revisions.
        boolean session = status.submittedJob() != null;
        String what = session ? "spec " : "";
        String message = "the upgrade to " + what + status.rolledBack().failedTarget() + " was rolled back to " + what
            + status.rolledBack().restoredTarget() + ": " + status.rolledBack().reason()
            + (session ? "; the FlinkJob's spec (Git) still holds that spec" : "; the applied manifests still hold that template")
            + ": apply a fixed one";
        ready = new Verdict(false, "RolledBack", message);
        reconciling = new Verdict(false, "RolledBack", "");
        stalled = new Verdict(true, "RolledBack", message);
      } else if (lostForGood(status)) {
        // A session job its JobManager lost, with nothing to submit it again from: only a suspend and resume (from the
        // last savepoint) or a new spec moves it on (kstatus: Stalled).
        ready = new Verdict(false, "JobLost", status.lastError().message());
        reconciling = new Verdict(false, "JobLost", "");
        stalled = new Verdict(true, "JobLost", status.lastError().message());
      } else if (lifecycle == LifecycleState.FAILED) {
        String message = "the job FAILED" + Optional.ofNullable(status.lastError()).map(e -> ": " + e.message()).orElse("")
            + "; fix the cause and change the spec (or restart the job) to start it again";
        ready = new Verdict(false, "JobFailed", message);
        reconciling = new Verdict(false, "JobFailed", "");
        stalled = new Verdict(true, "JobFailed", message);
      } else if (lifecycle == LifecycleState.STABLE) {
        ready = new Verdict(true, "Running", "job " + Objects.toString(status.jobState(), "RUNNING") + " with all tasks");
        reconciling = new Verdict(false, "Running", "");
        stalled = new Verdict(false, "Running", "");
      } else if (lifecycle == LifecycleState.SUSPENDED) {
        ready = new Verdict(true, "Suspended", "suspended as declared" + suspendedSavepoint(status));
        reconciling = new Verdict(false, "Suspended", "");
        stalled = new Verdict(false, "Suspended", "");
      } else {
        String message = lifecycle == LifecycleState.DEPLOYED
            ? "job " + status.jobState() + ", not all tasks running yet"
            : "waiting for the job to be submitted";
        ready = new Verdict(false, "Deploying", message);
        reconciling = new Verdict(true, "Deploying", message);
        stalled = new Verdict(false, "Deploying", "");
      }
    }
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(FlinkJobStatus.READY, ready, generation, previous, now));
    conditions.add(condition(FlinkJobStatus.RECONCILING, reconciling, generation, previous, now));
    conditions.add(condition(FlinkJobStatus.STALLED, stalled, generation, previous, now));
    return conditions;
  }

  /** A session job still lost ({@code jobState: LOST}) that the controller found it cannot bring back ({@link StatusError#JOB_LOST}). */
  private static boolean lostForGood(RuntimeStatus status) {
    return io.flinkstack.controller.observation.JobObservation.LOST.equals(status.jobState()) && status.transition() == null
        && status.lastError() != null && StatusError.JOB_LOST.equals(status.lastError().operation());
  }

  /** The readiness timeout of the upgrade in flight, when it passed and the upgrade is not rolled back. */
  private static StatusError overdueUpgrade(RuntimeStatus status) {
    StatusError error = status.lastError();
    return status.transition() != null && error != null && StatusError.READINESS_TIMEOUT.equals(error.operation())
        && error.time() != null && !error.time().isBefore(status.transition().stepAt()) ? error : null;
  }

  /** What the controller has in flight, if anything. */
  private static Verdict work(RuntimeStatus status) {
    if (status.transition() != null) {
      String kind = status.transition().kind().name().toLowerCase(java.util.Locale.ROOT);
      return new Verdict(true, "Transition", kind + " in progress, at step " + status.transition().step());
    }
    if (status.rescale() != null) {
      return new Verdict(true, "Rescaling", "rescale in progress");
    }
    // Only a savepoint the spec asked for (a changed nonce): a periodic one is not work towards the spec, and
    // would otherwise flip every GitOps health check to Progressing on its schedule.
    if (status.pendingOperation() != null && status.pendingOperation().nonce() != null) {
      return new Verdict(true, "Savepoint", status.pendingOperation().kind().name().toLowerCase(java.util.Locale.ROOT)
          + " in progress");
    }
    return null;
  }

  private static Condition condition(String type, Verdict verdict, Long generation, List<Condition> previous, Instant now) {
    return condition(type, verdict.value(), verdict.reason(), verdict.message(), generation, previous, now);
  }

  /** One condition; its {@code lastTransitionTime} is kept from {@code previous} while its status stays the same. */
  static Condition condition(String type, boolean verdict, String reason, String message, Long generation,
      List<Condition> previous, Instant now) {
    String value = verdict ? "True" : "False";
    String since = previous.stream()
        .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .findFirst()
        .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /**
   * A suspend whose stop result was lost knows only the directory its savepoint is in; the last savepoint is then an
   * older one, and naming it would point at the wrong state.
   */
  private static String suspendedSavepoint(RuntimeStatus status) {
    TransitionResult last = status.lastTransition();
    if (last != null && last.kind() == TransitionKind.SUSPEND && "succeeded".equals(last.outcome())
        && last.restorePath() == null && last.restoreDirectory() != null) {
      return ", savepoint in " + last.restoreDirectory() + " (its path is learned when the job resumes)";
    }
    return Optional.ofNullable(status.lastSavepoint()).map(s -> ", savepoint " + s.path()).orElse("");
  }

  private record Verdict(boolean value, String reason, String message) {}
}
