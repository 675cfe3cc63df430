package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.AutoscalerMode;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ControllerAutoscaler;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Problems;
import java.util.regex.Pattern;

/**
 * The runtime controller's autoscaler of a job ({@link ControllerAutoscaler}, standalone backend): its settings travel
 * in the job's FlinkJob ({@code spec.autoscaler}, written with the job's other settings by {@link FlinkJobs}), so there is nothing
 * to add to the cluster's objects; the scheduler it needs is defaulted by the cluster's resolution.
 */
final class ControllerAutoscalerFeature implements ClusterFeature {
  static final ControllerAutoscalerFeature INSTANCE = new ControllerAutoscalerFeature();

  private ControllerAutoscalerFeature() {}

  @Override
  public void check(FeatureCheck in, Problems problems) {
    if (in.app() != null) {
      checkControllerAutoscaler(in.app().getControllerAutoscaler(), in.props().getBackend(), "", problems);
    }
  }

  @Override
  public void apply(ClusterModel m) {
    // Nothing: see the class comment.
  }

  /** A vertex's parallelism range in {@code autoscaler.yaml}, as the runtime controller reads it. */
  private static final Pattern VERTEX_BOUNDS = Pattern.compile("\\s*(\\d{1,9})\\s*\\.\\.\\s*(\\d{1,9})\\s*");

  /** The runtime controller's defaults, for checking target ± band when only one of them is set. */
  static final double DEFAULT_TARGET_UTILIZATION = 0.7;

  static final double DEFAULT_UTILIZATION_BAND = 0.3;

  /**
   * Checks a job's {@link ControllerAutoscaler} (the runtime controller's, standalone backend only); the scheduler is
   * checked by the caller, which knows whether it may still default it.
   *
   * @param operatorFix where the operator's autoscaler is set, for the message
   */
  static void checkControllerAutoscaler(ControllerAutoscaler a, Backend backend, String operatorFix, Problems problems) {
    if (a == null) {
      return;
    }
    String field = "controllerAutoscaler";
    if (backend == Backend.OPERATOR) {
      problems.add(field, "is flinkstack's runtime-controller autoscaler, which runs with the standalone backend only;"
          + " with backend(Backend.OPERATOR) use operatorAutoscaler(OperatorAutoscaler.builder()...build())" + operatorFix
          + " instead");
      return;
    }
    problems.check(a.getMode() != null, field + ".mode", "is null; use AutoscalerMode.MONITOR (only recommend) or"
        + " AutoscalerMode.ACT (rescale the job)");
    Double target = a.getTargetUtilization();
    Double band = a.getUtilizationBand();
    boolean targetOk = target == null || problems.check(target > 0 && target <= 1, field + ".targetUtilization",
        target + " is not a busy fraction; use a value above 0 and at most 1, e.g. 0.7");
    boolean bandOk = band == null || problems.check(band >= 0 && band < 1, field + ".utilizationBand",
        band + " is not a band; use a value from 0 to below 1, e.g. 0.3");
    if (targetOk && bandOk && (target != null || band != null)) {
      double t = target != null ? target : DEFAULT_TARGET_UTILIZATION;
      double b = band != null ? band : DEFAULT_UTILIZATION_BAND;
      // Both bounds must be utilizations a vertex can have: a band reaching 0 or past 1 would never fire there.
      problems.check(t - b > 0 && t + b <= 1, band != null ? field + ".utilizationBand" : field + ".targetUtilization",
          String.format(java.util.Locale.ROOT, "target %s ± band %s reaches outside (0, 1]%s; set utilizationBand"
              + " below %s and at most %s, or move targetUtilization", t, b,
              target == null ? " (the target is the default 0.7)" : band == null ? " (the band is the default 0.3)" : "",
              t, Math.round((1 - t) * 1000) / 1000.0));
    }
    for (String[] d : new String[][] {{"catchUpDuration", a.getCatchUpDuration()}, {"restartTime", a.getRestartTime()},
        {"window", a.getWindow()}, {"interval", a.getInterval()}, {"stabilization", a.getStabilization()},
        {"scaleDownDelay", a.getScaleDownDelay()}}) {
      CommonChecks.flinkDuration(problems, field + "." + d[0], d[1]);
    }
    checkPositive(a.getWindow(), field + ".window", problems);
    checkPositive(a.getInterval(), field + ".interval", problems);
    checkPositive(a.getCatchUpDuration(), field + ".catchUpDuration", problems);
    if (a.getScaleDownMinEvaluations() != null) {
      problems.check(a.getScaleDownMinEvaluations() >= 1, field + ".scaleDownMinEvaluations",
          a.getScaleDownMinEvaluations() + " is not an evaluation count; use 1 or more (default 3)");
    }
    for (Object[] f : new Object[][] {{"scaleUpMaxFactor", a.getScaleUpMaxFactor(), "4"},
        {"scaleDownMaxFactor", a.getScaleDownMaxFactor(), "2"}}) {
      Double factor = (Double) f[1];
      if (factor != null) {
        problems.check(factor > 1, field + "." + f[0], String.format("%s would never change the parallelism; use a"
            + " factor above 1, e.g. %s", factor, f[2]));
      }
    }
    if (a.getMaxParallelism() != null) {
      problems.check(a.getMaxParallelism() >= 1 && a.getMaxParallelism() <= 32768, field + ".maxParallelism",
          a.getMaxParallelism() + " is not a parallelism Flink allows; use 1 to 32768");
    }
    a.getVertexBounds().forEach((vertex, bounds) -> {
      if (!problems.check(vertex != null && !vertex.isBlank(), field + ".vertexBounds", "has an empty vertex; key each"
          + " range by the vertex's name or id as Flink's web UI shows it")) {
        return;
      }
      java.util.regex.Matcher m = bounds == null ? null : VERTEX_BOUNDS.matcher(bounds);
      boolean ok = m != null && m.matches() && Integer.parseInt(m.group(1)) >= 1
          && Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2));
      problems.check(ok, field + ".vertexBounds." + vertex, String.format("'%s' is not a parallelism range; write"
          + " \"min..max\" with 1 ≤ min ≤ max, e.g. \"2..8\"", bounds));
    });
  }

  /** A set duration that is zero would make the autoscaler decide on nothing. */
  private static void checkPositive(String duration, String field, Problems problems) {
    if (duration != null && CommonChecks.isFlinkDuration(duration)) {
      problems.check(!duration.strip().matches("0+\\s*[a-zA-Z]*"), field, String.format("'%s' is zero; use a positive"
          + " duration, e.g. 5 min", duration));
    }
  }

  /** Whether the job's Flink autoscaler rescales it (and so needs the adaptive scheduler). */
  static boolean acts(ControllerAutoscaler a) {
    return a != null && a.getMode() == AutoscalerMode.ACT;
  }
}
