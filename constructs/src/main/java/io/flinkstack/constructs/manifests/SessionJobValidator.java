package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ControllerAutoscaler;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.JarCredentials;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a session job (a jar or SQL statements) against its session cluster and returns its declaration for the
 * runtime controller; {@link FlinkJobs} writes that as a FlinkJob.
 */
public final class SessionJobValidator {
  /** What the runtime controller downloads and uploads through Flink's REST API. */
  static final Set<String> STANDALONE_SCHEMES = Set.of("http", "https");
  /** What the Apache operator fetches for a FlinkSessionJob (its file-system plugins). */
  static final Set<String> OPERATOR_SCHEMES = Set.of("http", "https", "s3", "s3a", "s3p", "gs", "abfs", "abfss",
      "wasb", "wasbs", "oss", "hdfs", "file");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern RUNS_SOMETHING =
      Pattern.compile("(?is).*\\b(insert\\s+(into|overwrite)|execute\\s+statement\\s+set)\\b.*");

  private SessionJobValidator() {}

  /**
   * Checks a session job; returns its declaration, or null when there are problems (they are in {@code problems}).
   *
   * @param jarSha256 the jar's SHA-256 digest (64 lower-case hex digits); null for none
   * @param jarCredentials the Secret key sent as the jar download's Authorization header; null for none
   * @param autoscaler the job's Flink autoscaler; null for none
   * @param sql the statements of a SQL job; null for a jar job
   */
  public static JobDeclaration validate(ClusterSpec cluster, int clusterSlots, String name, String jarUri,
      String jarSha256, JarCredentials jarCredentials, String entryClass, List<String> args, Integer parallelism, JobSettings job,
      ControllerAutoscaler autoscaler, String sql, Problems problems) {
    boolean nameOk = problems.check(Names.isDns1123Label(name) && name.length() <= 40, "name",
        String.format("'%s' is not a job name: lower-case letters, digits and '-', at most 40 characters", name));
    Backend backend = cluster.props().getBackend();
    if (sql != null) {
      problems.check(!sql.isBlank(), "statements", "is empty; give the SQL script the job runs");
      problems.check(sql.isBlank() || RUNS_SOMETHING.matcher(sql).matches(), "statements", "has no INSERT INTO (or"
          + " EXECUTE STATEMENT SET), so it would define tables and start no job; add the INSERT that writes the result");
    }
    boolean bundled = sql != null && jarUri == null && backend == Backend.STANDALONE;
    if (!bundled) {
      checkJarUri(jarUri, backend, sql != null, problems);
    }
    checkJarSha256(jarSha256, bundled, backend, sql != null, problems);
    checkJarCredentials(jarCredentials, bundled, backend, sql != null, problems);
    ClusterValidator.checkEntryClass(entryClass, "entryClass", problems);
    ClusterValidator.checkArgs(args, "args", problems);
    int p = parallelism == null ? 1 : parallelism;
    if (p < 1) {
      problems.add("parallelism", p + " is not a parallelism; use 1 or more");
    } else if (p > clusterSlots) {
      problems.add("parallelism", String.format("%d is more than the %d slots of session cluster '%s'; lower it or"
          + " give the cluster more TaskManagers or slots", p, clusterSlots, cluster.name()));
    }
    UpgradeMode mode = ApplicationJobFeature.checkJob(job, cluster.props(), "job", true, problems);
    ControllerAutoscalerFeature.checkControllerAutoscaler(autoscaler, backend, " on the session cluster", problems);
    if (backend != Backend.OPERATOR && ControllerAutoscalerFeature.acts(autoscaler) && cluster.scheduler() != Scheduler.ADAPTIVE) {
      // The cluster is already built: its scheduler cannot be defaulted from here.
      problems.add("controllerAutoscaler.mode", String.format("ACT rescales the job in place, which needs the adaptive"
          + " scheduler, but session cluster '%s' runs Scheduler.%s; set scheduler(Scheduler.ADAPTIVE) on the cluster"
          + " (the default under autoscaling), or use AutoscalerMode.MONITOR", cluster.name(), cluster.scheduler()));
    }
    if (backend != Backend.OPERATOR && ControllerAutoscalerFeature.acts(autoscaler)) {
      ClusterValidator.checkActingVersion(cluster.flinkVersion(), "controllerAutoscaler.mode", problems);
    }
    if (!problems.isEmpty() || !nameOk) {
      return null;
    }
    return new JobDeclaration(name, sql != null ? JobKind.SQL : JobKind.JAR, bundled ? SessionJobs.BUNDLED_SQL_RUNNER : jarUri,
        sql != null && entryClass == null ? SessionJobs.SQL_RUNNER_CLASS : entryClass, args.isEmpty() ? null : args, p,
        mode, job.getState(),
        job.getSavepointTriggerNonce(), job.getInitialSavepointPath(), job.getAllowNonRestoredState(),
        job.getSavepointInterval(), job.getSavepointHistoryMaxCount(), job.getSavepointHistoryMaxAge(),
        // A session job shares the slots with other jobs: its lower bound is at most its declared parallelism.
        cluster.rescaleMin() == null ? null : Math.min(p, cluster.rescaleMin()), cluster.rescaleMax(),
        cluster.rescaleMin() == null ? null : job.getSavepointBeforeScaleDown(), jarSha256, job.getRestartNonce(), job.getRedeployNonce(),
        jarCredentials, job.getReadinessTimeout(), job.getRollback());
  }

  /**
   * Both halves, in Kubernetes' spelling, for a jar the runtime controller downloads (standalone backend, not the
   * bundled runner); a SQL job's props are {@code runnerJarCredentials…}.
   */
  private static void checkJarCredentials(JarCredentials credentials, boolean bundled, Backend backend, boolean sqlRunner,
      Problems problems) {
    if (credentials == null) {
      return;
    }
    String secretName = sqlRunner ? "runnerJarCredentialsSecretName" : "jarCredentialsSecretName";
    String key = sqlRunner ? "runnerJarCredentialsKey" : "jarCredentialsKey";
    String field = credentials.secretName() != null ? secretName : key;
    if (backend == Backend.OPERATOR) {
      problems.add(field, "is read by flinkstack's runtime controller (standalone backend); the operator fetches its jars"
          + " itself: remove it");
      return;
    }
    if (bundled) {
      problems.add(field, "is for a runnerJarUri download; the bundled SQL runner is uploaded by the runtime controller"
          + " from its own image: remove it, or set runnerJarUri");
      return;
    }
    if (credentials.secretName() == null) {
      problems.add(secretName, "is required with " + key + ": name the Secret holding the token");
    } else if (!credentials.secretName().matches(JarCredentials.DNS_SUBDOMAIN)) {
      problems.add(secretName, "'" + credentials.secretName() + "' is not a Secret name: lower-case"
          + " letters, digits, '-' and '.'");
    }
    if (credentials.key() == null) {
      problems.add(key, "is required with " + secretName + ": name the key whose value is the token");
    } else if (!credentials.key().matches(JarCredentials.SECRET_KEY)) {
      problems.add(key, "'" + credentials.key() + "' is not a Secret key: letters, digits, '-', '_' and '.'");
    }
  }

  /** 64 lower-case hex digits, for a jar the runtime controller downloads (standalone backend, not the bundled runner). */
  private static void checkJarSha256(String digest, boolean bundled, Backend backend, boolean sqlRunner, Problems problems) {
    if (digest == null) {
      return;
    }
    String field = sqlRunner ? "runnerJarSha256" : "jarSha256";
    if (backend == Backend.OPERATOR) {
      problems.add(field, "is checked by flinkstack's runtime controller (standalone backend), but the operator fetches"
          + " this jar itself and checks no digest; remove it, or use the standalone backend");
      return;
    }
    if (bundled) {
      problems.add(field, "is for a runnerJarUri jar; the bundled SQL runner is not downloaded: remove it, or set"
          + " runnerJarUri");
      return;
    }
    problems.check(SHA256.matcher(digest).matches(), field, String.format("'%s' is not a SHA-256 digest: give 64"
        + " lower-case hex digits (0-9, a-f), as 'sha256sum job.jar' prints them%s", digest,
        digest.strip().length() == 64 && SHA256.matcher(digest.strip().toLowerCase(Locale.ROOT)).matches()
            ? "; e.g. " + digest.strip().toLowerCase(Locale.ROOT) : ""));
  }

  private static void checkJarUri(String jarUri, Backend backend, boolean sqlRunner, Problems problems) {
    String field = sqlRunner ? "runnerJarUri" : "jarUri";
    Set<String> schemes = backend == Backend.OPERATOR ? OPERATOR_SCHEMES : STANDALONE_SCHEMES;
    String how = backend == Backend.OPERATOR ? "the operator fetches " + schemes.stream().sorted().toList()
        : "the runtime controller downloads http(s) jars and uploads them through Flink's REST API";
    if (jarUri == null || jarUri.isBlank()) {
      problems.add(field, "is required: " + how + (sqlRunner ? "; host the flinkstack SQL runner jar there" : ""));
      return;
    }
    try {
      String scheme = new URI(jarUri).getScheme();
      problems.check(scheme != null && schemes.contains(scheme.toLowerCase(Locale.ROOT)), field,
          String.format("'%s' cannot be fetched for a session job: %s%s", jarUri, how,
              "local".equals(scheme) ? " (a local:// jar in the image works only for FlinkApplication)" : ""));
    } catch (URISyntaxException e) {
      problems.add(field, String.format("'%s' is not a URI (%s)", jarUri, e.getReason()));
    }
  }
}
