package io.flinkstack.constructs.manifests;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.FlinkAutoscaler;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.synth.ManifestYaml;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Validation of session jobs and the ConfigMap that declares one to the runtime controller. */
public final class SessionJobSpecs {
  /** What the runtime controller downloads and uploads through Flink's REST API. */
  static final Set<String> STANDALONE_SCHEMES = Set.of("http", "https");
  /** What the Apache operator fetches for a FlinkSessionJob (its file-system plugins). */
  static final Set<String> OPERATOR_SCHEMES = Set.of("http", "https", "s3", "s3a", "s3p", "gs", "abfs", "abfss",
      "wasb", "wasbs", "oss", "hdfs", "file");
  private static final Pattern RUNS_SOMETHING =
      Pattern.compile("(?is).*\\b(insert\\s+(into|overwrite)|execute\\s+statement\\s+set)\\b.*");
  private static final ObjectMapper YAML = ManifestYaml.fileWriter().setSerializationInclusion(JsonInclude.Include.NON_NULL)
      // The contract's enums travel as their toString() (savepoint, last-state, running, ...).
      .enable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

  private SessionJobSpecs() {}

  /**
   * Checks a session job; returns its declaration, or null when there are problems (they are in {@code problems}).
   *
   * @param autoscaler the job's Flink autoscaler; null for none
   * @param sql the statements of a SQL job; null for a jar job
   */
  public static JobDeclaration resolve(ClusterSpec cluster, int clusterSlots, String name, String jarUri,
      String entryClass, List<String> args, Integer parallelism, JobSettings job, FlinkAutoscaler autoscaler,
      String sql, Problems problems) {
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
    ApplicationSpecs.checkEntryClass(entryClass, "entryClass", problems);
    ApplicationSpecs.checkArgs(args, "args", problems);
    int p = parallelism == null ? 1 : parallelism;
    if (p < 1) {
      problems.add("parallelism", p + " is not a parallelism; use 1 or more");
    } else if (p > clusterSlots) {
      problems.add("parallelism", String.format("%d is more than the %d slots of session cluster '%s'; lower it or"
          + " give the cluster more TaskManagers or slots", p, clusterSlots, cluster.name()));
    }
    UpgradeMode mode = ApplicationJobFeature.checkJob(job, cluster.props(), "job", problems);
    FlinkAutoscalerFeature.checkFlinkAutoscaler(autoscaler, backend, " on the session cluster", problems);
    if (backend != Backend.OPERATOR && FlinkAutoscalerFeature.acts(autoscaler) && cluster.scheduler() != Scheduler.ADAPTIVE) {
      // The cluster is already built: its scheduler cannot be defaulted from here.
      problems.add("flinkAutoscaler.mode", String.format("ACT rescales the job in place, which needs the adaptive"
          + " scheduler, but session cluster '%s' runs Scheduler.%s; set scheduler(Scheduler.ADAPTIVE) on the cluster"
          + " (the default under autoscaling), or use AutoscalerMode.MONITOR", cluster.name(), cluster.scheduler()));
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
        rescaleMin(cluster) == null ? null : Math.min(p, rescaleMin(cluster)), rescaleMax(cluster),
        rescaleMin(cluster) == null ? null : job.getSavepointBeforeScaleDown());
  }

  /**
   * The parallelism bounds the runtime controller rescales within: with TaskManager autoscaling, the slots
   * of the fewest and of the most TaskManagers the HPA may run; without it null (no rescaling, the job keeps
   * its declared parallelism).
   */
  static Integer rescaleMin(ClusterSpec cluster) {
    return cluster.autoscaled() ? cluster.props().getAutoscaling().getMinReplicas() * cluster.taskSlots() : null;
  }

  static Integer rescaleMax(ClusterSpec cluster) {
    return cluster.autoscaled() ? cluster.props().getAutoscaling().getMaxReplicas() * cluster.taskSlots() : null;
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

  /**
   * An application cluster's job settings for the runtime controller, in the shape of a session job's
   * declaration (kind {@code application}): ConfigMap {@code <name>-runtime}.
   */
  static HasMetadata runtimeSettings(ClusterSpec spec) {
    JobSettings job = spec.job();
    JobDeclaration declaration = new JobDeclaration(spec.name(), JobKind.APPLICATION, spec.jarUri(), spec.entryClass(),
        spec.args().isEmpty() ? null : spec.args(), spec.parallelism(),
        spec.upgradeMode(), job.getState(),
        job.getSavepointTriggerNonce(), job.getInitialSavepointPath(), job.getAllowNonRestoredState(),
        job.getSavepointInterval(), job.getSavepointHistoryMaxCount(), job.getSavepointHistoryMaxAge(),
        rescaleMin(spec), rescaleMax(spec), rescaleMin(spec) == null ? null : job.getSavepointBeforeScaleDown());
    FlinkAutoscaler autoscaler = spec.props() instanceof FlinkApplicationProps app ? app.getFlinkAutoscaler() : null;
    return declaration(spec, SessionJobs.runtimeConfigMap(spec.name()), SessionJobs.DECLARATION_APPLICATION, declaration,
        autoscaler, null);
  }

  /** The ConfigMap {@code <cluster>-job-<name>} that declares the job to the runtime controller. */
  public static HasMetadata configMap(ClusterSpec cluster, JobDeclaration job, FlinkAutoscaler autoscaler, String sql) {
    return declaration(cluster, SessionJobs.configMap(cluster.name(), job.name()), SessionJobs.DECLARATION_SESSION_JOB, job,
        autoscaler, sql);
  }

  /**
   * What {@code autoscaler.yaml} holds: enabled, the mode in lower case, and only the fields that are set (the
   * runtime controller applies its defaults to the rest); vertex bounds sorted by vertex.
   */
  public static AutoscalerDeclaration autoscalerDeclaration(FlinkAutoscaler a) {
    return new AutoscalerDeclaration(true,
        a.getMode() == null ? null : a.getMode().name().toLowerCase(Locale.ROOT), a.getTargetUtilization(),
        a.getUtilizationBand(), trimmed(a.getCatchUpDuration()), trimmed(a.getRestartTime()), trimmed(a.getWindow()),
        trimmed(a.getInterval()), trimmed(a.getStabilization()), trimmed(a.getScaleDownDelay()),
        a.getScaleDownMinEvaluations(), a.getScaleUpMaxFactor(), a.getScaleDownMaxFactor(), a.getMaxParallelism(),
        a.getVertexBounds().isEmpty() ? null : vertexBounds(a.getVertexBounds()));
  }

  /** Sorted by vertex, each range written {@code min..max} (validation accepted white space around the numbers). */
  private static SortedMap<String, String> vertexBounds(java.util.Map<String, String> bounds) {
    SortedMap<String, String> sorted = new TreeMap<>();
    bounds.forEach((vertex, range) -> sorted.put(vertex, range.replaceAll("\\s+", "")));
    return sorted;
  }

  private static String trimmed(String s) {
    return s == null ? null : s.strip();
  }

  private static HasMetadata declaration(ClusterSpec cluster, String name, String kind, JobDeclaration job,
      FlinkAutoscaler autoscaler, String sql) {
    SortedMap<String, String> labels = ClusterLabels.labels(cluster, null);
    labels.put(SessionJobs.LABEL_SESSION_CLUSTER, cluster.name());
    labels.put(SessionJobs.LABEL_DECLARATION, kind);
    SortedMap<String, String> data = new TreeMap<>();
    try {
      data.put(SessionJobs.JOB_KEY, YAML.writeValueAsString(job));
      if (autoscaler != null) {
        data.put(SessionJobs.AUTOSCALER_KEY, YAML.writeValueAsString(autoscalerDeclaration(autoscaler)));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    if (sql != null) {
      data.put(SessionJobs.SQL_KEY, sql.endsWith("\n") ? sql : sql + "\n");
    }
    return new ConfigMapBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withData(data)
        .build();
  }
}
