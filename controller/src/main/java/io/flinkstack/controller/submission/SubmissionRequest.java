package io.flinkstack.controller.submission;

import io.flinkstack.contract.JobDeclaration;
import java.util.Objects;
import java.util.Optional;

/**
 * One job to submit to a session cluster.
 *
 * @param declaration the job as declared (jar URI, entry class, arguments, parallelism, kind)
 * @param sqlScript for kind {@code sql}: the statements (the FlinkJob's
 *     {@code spec.sqlStatements}), passed to the runner as {@code --sql <script>}; empty for kind {@code jar}
 * @param restore where to start from, or empty for empty state
 * @param jobId the job id, chosen and recorded by the caller before submitting (see
 *     {@link JobSubmitter#newJobId()})
 * @param jarAuthorization the declared {@code jarCredentials}, read ({@link JarAuthorization#read}); empty for none
 */
public record SubmissionRequest(JobDeclaration declaration, Optional<String> sqlScript, Optional<Restore> restore, String jobId,
    Optional<JarAuthorization> jarAuthorization) {

  public SubmissionRequest {
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(sqlScript, "sqlScript");
    Objects.requireNonNull(restore, "restore");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(jarAuthorization, "jarAuthorization");
  }

  /** Without jar credentials. */
  public SubmissionRequest(JobDeclaration declaration, Optional<String> sqlScript, Optional<Restore> restore, String jobId) {
    this(declaration, sqlScript, restore, jobId, Optional.empty());
  }

  /**
   * A savepoint or retained checkpoint to restore from. Flink restores in {@code NO_CLAIM} mode: the
   * snapshot stays the controller's (it keeps the history and disposes old savepoints itself).
   *
   * @param path as Flink reported it (e.g. {@code file:/…/savepoint-abc-123}, {@code s3://…})
   * @param allowNonRestoredState start even if the snapshot holds state of operators the job no longer has
   *     (that state is dropped)
   */
  public record Restore(String path, boolean allowNonRestoredState) {
    public Restore {
      Objects.requireNonNull(path, "path");
    }
  }
}
