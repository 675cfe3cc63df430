package io.flinkstack.controller.submission;

import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.FlinkUnreachableException;
import io.flinkstack.controller.flink.JarRunRequest;
import io.flinkstack.controller.flink.RestoreMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a session job under a job id the caller chose, at most once per id.
 *
 * <p>The caller records the id (write-ahead, e.g. in the job's status) <em>before</em> calling
 * {@link #submit}. Whatever happens then — the call times out, the controller dies — calling {@link #submit}
 * again with the same request is safe: it first asks Flink for that job id and submits only if Flink does not
 * know it; and if another submission of the same id gets there first, Flink refuses the second one
 * ({@code DuplicateJobSubmissionException}), which counts as "already there" too.
 *
 * <p>One submission: {@code GET /jobs/<id>} (404 expected) → fetch the jar ({@link JarFetcher}, checked against
 * the declared {@code jarSha256} when there is one) →
 * {@code POST /jars/upload} → {@code POST /jars/<jar>/run} with {@code jobId}, entry class, arguments,
 * parallelism and the restore path ({@code NO_CLAIM}) → {@code DELETE /jars/<jar>}. The uploaded jar is
 * deleted whether the run worked or Flink refused it; it is left in place only when the JobManager stopped
 * answering during the run (the run may still be going on with that file).
 *
 * <p>Kind {@code jar}: entry class = the declared one (or the jar's Main-Class), arguments = the declared ones.
 * Kind {@code sql}: entry class {@link SessionJobs#SQL_RUNNER_CLASS} (unless one is declared), arguments
 * {@code --sql <script>}; the declared arguments are not passed (the runner accepts no others).
 *
 * <p>Failures: {@link JarFetchException} (jar not available), {@code FlinkRestException} (Flink refused,
 * e.g. a missing savepoint or a failing main method; Flink's message is in it), {@code FlinkUnreachableException}
 * (no answer: the job may or may not have been submitted — submit again with the same id to find out).
 */
public final class JobSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

  private final JarFetcher jars;

  public JobSubmitter(JarFetcher jars) {
    this.jars = Objects.requireNonNull(jars, "jars");
  }

  /** A fresh job id in Flink's form (32 lower-case hex digits), to record before {@link #submit}. */
  public static String newJobId() {
    return FlinkIds.random();
  }

  /**
   * Submits the job to the cluster behind {@code flink} unless a job with the requested id exists there.
   *
   * @throws IllegalArgumentException if the job id is not 32 lower-case hex digits, or a SQL job has no script
   */
  public SubmissionResult submit(FlinkRestClient flink, SubmissionRequest request) {
    String jobId = request.jobId();
    JarRunRequest run = runRequest(request);
    if (exists(flink, jobId)) {
      LOG.info("job {} exists already on {}: not submitted again", jobId, flink.restUrl());
      return new SubmissionResult(jobId, false);
    }
    Path jar = prefetch(request.declaration(), request.jarAuthorization());
    String jarId = flink.uploadJar(jar);
    boolean deleteJar = true;
    try {
      String submitted = flink.runJar(jarId, run);
      if (!submitted.equals(jobId)) {
        // Flink ignored the id (a version without jobId in the run request?): the at-most-once promise is gone.
        throw new IllegalStateException("Flink submitted job " + submitted + " instead of the requested id " + jobId);
      }
      LOG.info("submitted job {} ({}) to {}", jobId, request.declaration().name(), flink.restUrl());
      return new SubmissionResult(jobId, true);
    } catch (FlinkRestException e) {
      if (e.isDuplicateJobSubmission()) {
        LOG.info("job {} was submitted meanwhile by someone else: not submitted again", jobId);
        return new SubmissionResult(jobId, false);
      }
      throw e;
    } catch (FlinkUnreachableException e) {
      deleteJar = false;
      throw e;
    } finally {
      if (deleteJar) {
        deleteQuietly(flink, jarId);
      }
    }
  }

  /**
   * Asks the session cluster behind {@code flink} for the savepoint a stop-with-savepoint wrote into {@code directory},
   * its own: the bundled SQL runner jar's {@link SessionJobs#SAVEPOINT_LOCATOR_CLASS} lists it inside the JobManager,
   * with the cluster's file systems and credentials, through Flink's jar plan endpoint (nothing is submitted).
   *
   * @return the newest completed savepoint's path; empty when the directory holds none
   * @throws FlinkClientException when Flink cannot be asked
   * @throws IllegalStateException when its answer is not the locator's
   */
  public Optional<String> locateStopSavepoint(FlinkRestClient flink, String directory) {
    String jarId = flink.uploadJar(jars.fetch(SessionJobs.BUNDLED_SQL_RUNNER));
    try {
      String answer = flink.planJobName(jarId, SessionJobs.SAVEPOINT_LOCATOR_CLASS, List.of(directory));
      if (answer.startsWith(SessionJobs.SAVEPOINT_FOUND)) {
        return Optional.of(answer.substring(SessionJobs.SAVEPOINT_FOUND.length()).strip());
      }
      if (answer.startsWith(SessionJobs.SAVEPOINT_NONE)) {
        return Optional.empty();
      }
      throw new IllegalStateException("the savepoint locator's plan on " + flink.restUrl() + " is named '" + answer
          + "', not an answer (another SQL runner jar?)");
    } finally {
      deleteQuietly(flink, jarId);
    }
  }

  /**
   * Fetches and checks the declared jar as {@link #submit} would ({@link JarFetcher#fetch(String, String)}: scheme,
   * hosts, size, deadline, and the declared {@code jarSha256}, also for a jar already in the cache), submitting
   * nothing. The jar stays in the fetcher's cache, so a submission of the same declaration right after does not
   * download it again. An upgrade calls this before it stops the running job: a jar that cannot be had must not
   * leave the job stopped.
   *
   * @return the local jar
   * @throws JarFetchException when the jar is not available (the message names the URI redacted, and why)
   */
  public Path prefetch(JobDeclaration declaration) {
    return prefetch(declaration, Optional.empty());
  }

  /**
   * {@link #prefetch(JobDeclaration)} with the declaration's {@code jarCredentials}, read ({@link JarAuthorization#read}).
   */
  public Path prefetch(JobDeclaration declaration, Optional<JarAuthorization> authorization) {
    if (declaration.jarCredentials() != null && authorization.isEmpty()) {
      // A caller that forgot to read them would fetch without credentials and report a confusing 401.
      throw new IllegalArgumentException(declaration.name() + " declares jarCredentials, but they were not read"
          + " (JarAuthorization.read)");
    }
    return jars.fetch(declaration.jarUri(), declaration.jarSha256(), authorization.orElse(null));
  }

  /**
   * The run request for a submission (entry class, arguments, parallelism, restore, job id), without any
   * call to Flink. Public for the tests and for logging what would be submitted.
   */
  public static JarRunRequest runRequest(SubmissionRequest request) {
    if (!JOB_ID.matcher(request.jobId()).matches()) {
      throw new IllegalArgumentException("job id must be 32 lower-case hex digits, not '" + request.jobId() + "'");
    }
    JobDeclaration declaration = request.declaration();
    JarRunRequest run = JarRunRequest.defaults().withJobId(request.jobId());
    if (declaration.kind() == JobKind.SQL) {
      String script = request.sqlScript()
          .filter(text -> !text.isBlank())
          .orElseThrow(() -> new IllegalArgumentException("SQL job '" + declaration.name() + "' has no statements"));
      run = run.withEntryClass(declaration.entryClass() == null ? SessionJobs.SQL_RUNNER_CLASS : declaration.entryClass())
          .withProgramArgs(List.of("--sql", script));
    } else {
      if (declaration.entryClass() != null) {
        run = run.withEntryClass(declaration.entryClass());
      }
      run = run.withProgramArgs(declaration.args() == null ? List.of() : new ArrayList<>(declaration.args()));
    }
    if (declaration.parallelism() != null) {
      run = run.withParallelism(declaration.parallelism());
    }
    if (request.restore().isPresent()) {
      SubmissionRequest.Restore restore = request.restore().get();
      run = run.withSavepoint(restore.path(), RestoreMode.NO_CLAIM).withAllowNonRestoredState(restore.allowNonRestoredState());
    }
    return run;
  }

  private static boolean exists(FlinkRestClient flink, String jobId) {
    try {
      flink.job(jobId);
      return true;
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  private static void deleteQuietly(FlinkRestClient flink, String jarId) {
    try {
      flink.deleteJar(jarId);
    } catch (RuntimeException e) {
      // The job does not need the uploaded file any more; a leftover only takes disk space on the JobManager.
      LOG.warn("could not delete uploaded jar {} from {}: {}", jarId, flink.restUrl(), e.getMessage());
    }
  }
}
