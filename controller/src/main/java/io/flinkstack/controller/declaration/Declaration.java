package io.flinkstack.controller.declaration;

import io.flinkstack.controller.hashing.Sha256;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.JobDeclaration;
import java.util.Optional;

/**
 * A FlinkJob, read: who it is, what it declares, and its savepoint policy parsed.
 *
 * @param sqlStatements a SQL job's statements ({@code spec.sqlStatements}); empty for jar jobs
 * @param autoscaler its autoscaler settings ({@code spec.autoscaler}); empty for none
 */
public record Declaration(DeclarationIdentity identity, JobDeclaration job, SavepointPolicy savepoints, Optional<String> sqlStatements,
    Optional<AutoscalerDeclaration> autoscaler) {

  public Declaration {
    sqlStatements = sqlStatements == null ? Optional.empty() : sqlStatements;
    autoscaler = autoscaler == null ? Optional.empty() : autoscaler;
  }

  public Declaration(DeclarationIdentity identity, JobDeclaration job, SavepointPolicy savepoints) {
    this(identity, job, savepoints, Optional.empty(), Optional.empty());
  }

  /** The autoscaler, when one is declared and enabled. */
  public Optional<AutoscalerDeclaration> enabledAutoscaler() {
    return autoscaler.filter(AutoscalerDeclaration::isEnabled);
  }

  /** How long an upgrade's new job may take to run with all its tasks (read and checked by {@link DeclarationReader}). */
  public java.time.Duration readinessTimeout() {
    String text = job.readinessTimeout();
    return FlinkDurations.parse(text == null || text.isBlank() ? JobDeclaration.DEFAULT_READINESS_TIMEOUT : text);
  }

  /** The nonce whose change asks for a savepoint; null when none is declared. */
  public Long savepointTriggerNonce() {
    return job.savepointTriggerNonce();
  }

  /**
   * A digest of what makes the job what it is (kind, jar, entry class, arguments, parallelism, statements):
   * a session job whose digest changed is upgraded. Savepoint settings and the desired state are not part
   * of it: changing them needs no new job.
   */
  public String specDigest() {
    String spec = String.join("\u0000", String.valueOf(job.kind()), String.valueOf(job.jarUri()), String.valueOf(job.entryClass()),
        String.valueOf(job.args()), String.valueOf(job.parallelism()), sqlStatements.orElse(""));
    return Sha256.hex(spec).substring(0, 24); // the first 12 bytes
  }

  @Override
  public String toString() {
    return identity.toString();
  }
}
