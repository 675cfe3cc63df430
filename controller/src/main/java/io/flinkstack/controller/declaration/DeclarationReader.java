package io.flinkstack.controller.declaration;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.JarCredentials;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobSpec;
import io.flinkstack.controller.autoscaler.live.AutoscalerDeclarations;
import io.flinkstack.controller.kubernetes.ObjectRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code FlinkJob} ({@link FlinkJob}): its name, kind and cluster for identity, its spec for the {@link
 * JobDeclaration}. The API server has already refused what the CRD's schema and CEL rules can refuse; what they
 * cannot (or a mock API server that checks nothing) is an {@link InvalidDeclarationException} naming the field and
 * the fix.
 */
public final class DeclarationReader {
  private final int defaultHistoryMaxCount;

  /** @param defaultHistoryMaxCount savepoints to keep when a job does not say */
  public DeclarationReader(int defaultHistoryMaxCount) {
    this.defaultHistoryMaxCount = defaultHistoryMaxCount;
  }

  /** Who the FlinkJob declares, from its name, {@code spec.kind} and {@code spec.cluster}. */
  public DeclarationIdentity identify(FlinkJob job) throws InvalidDeclarationException {
    FlinkJobSpec spec = job.getSpec();
    if (spec == null || spec.kind == null) {
      throw new InvalidDeclarationException("spec.kind is missing: set application (an application cluster's job),"
          + " jar or sql (a session job)");
    }
    if (spec.cluster == null || spec.cluster.isBlank()) {
      throw new InvalidDeclarationException("spec.cluster is missing: set the name of the Flink cluster that runs the job");
    }
    DeclarationKind kind = DeclarationKind.of(spec.kind);
    String jobName = kind == DeclarationKind.APPLICATION ? spec.cluster : job.getMetadata().getName();
    ObjectRef ref = new ObjectRef(job.getApiVersion(), job.getKind(), job.getMetadata().getNamespace(),
        job.getMetadata().getName(), job.getMetadata().getUid());
    return new DeclarationIdentity(ref, kind, spec.cluster, jobName);
  }

  /** The declaration in full; every problem in one message. */
  public Declaration read(DeclarationIdentity identity, FlinkJob resource) throws InvalidDeclarationException {
    FlinkJobSpec spec = resource.getSpec();
    // A sql job without a jar runs on the runner bundled with the controller.
    String jarUri = spec.jarUri == null && spec.kind == JobKind.SQL ? SessionJobs.BUNDLED_SQL_RUNNER : spec.jarUri;
    JobDeclaration job = new JobDeclaration(identity.jobName(), spec.kind, jarUri, spec.entryClass,
        spec.args == null || spec.args.isEmpty() ? null : List.copyOf(spec.args), spec.parallelism, spec.upgradeMode,
        spec.state, spec.savepointTriggerNonce, spec.initialSavepointPath, spec.allowNonRestoredState,
        spec.savepointInterval, spec.savepointHistoryMaxCount, spec.savepointHistoryMaxAge, spec.parallelismMin,
        spec.parallelismMax, spec.savepointBeforeScaleDown, spec.jarSha256, spec.restartNonce, spec.redeployNonce,
        jarCredentials(spec.jarCredentials, jarUri), spec.readinessTimeout, spec.rollback);
    if (spec.kind == JobKind.SQL && (spec.sqlStatements == null || spec.sqlStatements.isBlank())) {
      throw new InvalidDeclarationException("spec.sqlStatements is missing: a sql job needs its SQL statements");
    }
    duration("spec.readinessTimeout", job.readinessTimeout()); // a typo is reported now, not at the first upgrade
    return new Declaration(identity, job, policy(job),
        Optional.ofNullable(spec.sqlStatements).filter(text -> !text.isBlank()), autoscaler(spec.autoscaler));
  }

  /**
   * {@code spec.jarCredentials} checked as the CRD's schema does (both fields, in Kubernetes' spelling), for an API
   * server that did not: an incomplete reference would otherwise surface only at the next fetch, as a missing Secret.
   */
  private static JarCredentials jarCredentials(JarCredentials credentials, String jarUri) throws InvalidDeclarationException {
    if (credentials == null) {
      return null;
    }
    if (SessionJobs.BUNDLED_SQL_RUNNER.equals(jarUri)) {
      throw new InvalidDeclarationException("spec.jarCredentials is for downloading jarUri; the bundled SQL runner ("
          + SessionJobs.BUNDLED_SQL_RUNNER + ") is not downloaded: remove jarCredentials");
    }
    if (credentials.secretName() == null || credentials.secretName().isBlank()) {
      throw new InvalidDeclarationException("spec.jarCredentials.secretName is missing: name the Secret, in the FlinkJob's"
          + " namespace, that holds the token for jarUri");
    }
    if (!credentials.secretName().matches(JarCredentials.DNS_SUBDOMAIN)) {
      throw new InvalidDeclarationException("spec.jarCredentials.secretName '" + credentials.secretName() + "' is not a"
          + " Secret name: lower-case letters, digits, '-' and '.'");
    }
    if (credentials.key() == null || credentials.key().isBlank()) {
      throw new InvalidDeclarationException("spec.jarCredentials.key is missing: name the key of Secret "
          + credentials.secretName() + " whose value is the token (or '<scheme> <credentials>') for jarUri");
    }
    if (!credentials.key().matches(JarCredentials.SECRET_KEY)) {
      throw new InvalidDeclarationException("spec.jarCredentials.key '" + credentials.key() + "' is not a Secret key:"
          + " letters, digits, '-', '_' and '.'");
    }
    return credentials;
  }

  private static Optional<AutoscalerDeclaration> autoscaler(AutoscalerDeclaration autoscaler)
      throws InvalidDeclarationException {
    if (autoscaler != null && autoscaler.isEnabled()) {
      try {
        // Every duration and bound parsed now: a typo is reported with the declaration, not at the first decision.
        AutoscalerDeclarations.settings(autoscaler);
        AutoscalerDeclarations.window(autoscaler);
        AutoscalerDeclarations.interval(autoscaler);
      } catch (IllegalArgumentException e) {
        throw new InvalidDeclarationException("spec.autoscaler: " + e.getMessage(), e);
      }
    }
    return Optional.ofNullable(autoscaler);
  }

  private SavepointPolicy policy(JobDeclaration job) throws InvalidDeclarationException {
    Optional<Duration> interval = duration("spec.savepointInterval", job.savepointInterval());
    Optional<Duration> maxAge = duration("spec.savepointHistoryMaxAge", job.savepointHistoryMaxAge());
    int maxCount = job.savepointHistoryMaxCount() == null ? defaultHistoryMaxCount : job.savepointHistoryMaxCount();
    if (maxCount < 1) {
      throw new InvalidDeclarationException("spec.savepointHistoryMaxCount is " + maxCount + "; keep at least 1 savepoint");
    }
    return new SavepointPolicy(interval, maxCount, maxAge);
  }

  private static Optional<Duration> duration(String field, String text) throws InvalidDeclarationException {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      Duration value = FlinkDurations.parse(text);
      if (value.isZero()) {
        throw new InvalidDeclarationException(field + " is 0; leave it out for none");
      }
      return Optional.of(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidDeclarationException(field + ": " + e.getMessage(), e);
    }
  }
}
