package io.flinkstack.contract;

import java.util.List;

/**
 * What a session job's running job was submitted from: the last submission of the controller's whose job ran with all
 * its tasks. Kept in {@link RuntimeStatus#submittedJob} so that an upgrade whose new job does not run within its
 * readiness timeout can submit this one again, from the upgrade's savepoint ({@link TransitionKind#ROLLBACK}): the
 * FlinkJob's spec then holds only the failing declaration.
 *
 * @param spec the spec digest it was submitted as ({@link RuntimeStatus#deployedSpec} while it runs)
 * @param kind {@code jar} or {@code sql}
 * @param jarUri the jar (a SQL job's runner jar)
 * @param jarSha256 the jar's declared digest; null: none was declared
 * @param jarCredentials the Secret key the jar was downloaded with (a reference, never the value); null: none
 * @param entryClass the main class; null: the jar's Main-Class
 * @param args the program arguments; null: none
 * @param parallelism the parallelism it was submitted with (a rescale's, when a restart rescaled it)
 * @param sqlStatements a SQL job's statements; null for a jar job
 * @param allowNonRestoredState whether it was allowed to drop state of removed operators when restoring
 */
public record SubmittedJob(
    String spec,
    JobKind kind,
    String jarUri,
    String jarSha256,
    JarCredentials jarCredentials,
    String entryClass,
    List<String> args,
    Integer parallelism,
    String sqlStatements,
    Boolean allowNonRestoredState) {

  public SubmittedJob {
    args = args == null ? null : List.copyOf(args);
  }

  /**
   * What submitting {@code job} submits.
   *
   * @param spec its spec digest
   * @param sqlStatements a SQL job's statements (null for a jar job)
   * @param parallelism the parallelism submitted (null: the declared one)
   */
  public static SubmittedJob of(String spec, JobDeclaration job, String sqlStatements, Integer parallelism) {
    return new SubmittedJob(spec, job.kind(), job.jarUri(), job.jarSha256(), job.jarCredentials(), job.entryClass(), job.args(),
        parallelism != null ? parallelism : job.parallelism(), sqlStatements, job.allowNonRestoredState());
  }

  /**
   * {@code current} with what this submission ran in place of its own job: kind, jar (URI, digest, credentials), entry
   * class, arguments, parallelism and {@code allowNonRestoredState}; its name, upgrade mode, desired state, nonces and
   * savepoint policy stay the current ones.
   */
  public JobDeclaration declaration(JobDeclaration current) {
    return new JobDeclaration(current.name(), kind, jarUri, entryClass, args, parallelism, current.upgradeMode(), current.state(),
        current.savepointTriggerNonce(), current.initialSavepointPath(), allowNonRestoredState, current.savepointInterval(),
        current.savepointHistoryMaxCount(), current.savepointHistoryMaxAge(), current.parallelismMin(), current.parallelismMax(),
        current.savepointBeforeScaleDown(), jarSha256, current.restartNonce(), current.redeployNonce(), jarCredentials,
        current.readinessTimeout(), current.rollback());
  }
}
