package io.flinkstack.constructs.manifests;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.ControllerAutoscaler;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.synth.ManifestYaml;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The ConfigMaps that declare jobs to the runtime controller: an application cluster's {@code <name>-runtime} and a
 * session job's {@code <cluster>-job-<name>}, each with {@code job.yaml} (and {@code autoscaler.yaml}, a SQL job's
 * statements).
 */
public final class Declarations {
  private static final ObjectMapper YAML = ManifestYaml.fileWriter().setSerializationInclusion(JsonInclude.Include.NON_NULL)
      // The contract's enums travel as their toString() (savepoint, last-state, running, ...).
      .enable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

  private Declarations() {}

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
        spec.rescaleMin(), spec.rescaleMax(), spec.rescaleMin() == null ? null : job.getSavepointBeforeScaleDown(),
        // The application cluster's jar is fetched by Flink (or the operator), not by the runtime controller.
        null);
    ControllerAutoscaler autoscaler = spec.props() instanceof FlinkApplicationProps app ? app.getControllerAutoscaler() : null;
    return declaration(spec, SessionJobs.runtimeConfigMap(spec.name()), SessionJobs.DECLARATION_APPLICATION, declaration,
        autoscaler, null);
  }

  /** The ConfigMap {@code <cluster>-job-<name>} that declares the job to the runtime controller. */
  public static HasMetadata configMap(ClusterSpec cluster, JobDeclaration job, ControllerAutoscaler autoscaler, String sql) {
    return declaration(cluster, SessionJobs.configMap(cluster.name(), job.name()), SessionJobs.DECLARATION_SESSION_JOB, job,
        autoscaler, sql);
  }

  /**
   * What {@code autoscaler.yaml} holds: enabled, the mode in lower case, and only the fields that are set (the
   * runtime controller applies its defaults to the rest); vertex bounds sorted by vertex.
   */
  public static AutoscalerDeclaration autoscalerDeclaration(ControllerAutoscaler a) {
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
      ControllerAutoscaler autoscaler, String sql) {
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
