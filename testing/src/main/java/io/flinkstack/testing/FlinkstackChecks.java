package io.flinkstack.testing;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ManifestChecks;
import io.flinkstack.constructs.validation.ValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cdk8s.App;

/**
 * The checks {@code flinkstack validate DIR} runs ({@link ManifestChecks}), as assertions for JUnit 5 (or any test
 * framework: a failure is an {@link AssertionError}): the strict Kubernetes 1.32 schemas and the Apache operator's
 * CRD schemas, the API server's rules beyond them, Pod Security (restricted) and the NetworkPolicy reachability of
 * every Flink cluster among all the charts. A failure lists every problem at once, each line as the CLI prints it:
 * {@code FILE#DOC (KIND NAME) POINTER: MESSAGE}, FILE being the chart's file ({@code <chart>.k8s.yaml}).
 *
 * <pre>
 * &#64;Test
 * void theAppIsValid() {
 *   App app = new App();
 *   MyCharts.define(app);
 *   FlinkstackChecks.assertValid(app);
 * }
 * </pre>
 */
public final class FlinkstackChecks {
  private FlinkstackChecks() {}

  /** Synthesizes {@code app} (without writing) and asserts its charts pass the standard checks. */
  public static void assertValid(App app) {
    assertValid(app, ManifestChecks.standard());
  }

  /** As {@link #assertValid(App)}, with other checks, e.g. {@code ManifestChecks.standard().withPodSecurity(BASELINE)}. */
  public static void assertValid(App app, ManifestChecks checks) {
    assertValid(synthesize(app), checks);
  }

  /** Asserts already synthesized charts pass {@code checks}. */
  public static void assertValid(List<ChartManifest> manifests, ManifestChecks checks) {
    failOn(problems(checks.checkManifests(manifests)));
  }

  /** Asserts every manifest file under {@code dir} passes the standard checks, exactly as {@code flinkstack validate DIR}. */
  public static void assertValid(Path dir) {
    failOn(problems(ManifestChecks.standard().checkDirectory(dir)));
  }

  /** What the standard checks find in {@code app}'s charts, for assertions of one's own. */
  public static ManifestChecks.Result check(App app) {
    return ManifestChecks.standard().checkManifests(synthesize(app));
  }

  /**
   * The app's charts, as {@link AppSynthesizer#synthesize} gives them.
   *
   * @throws AssertionError listing every problem of the constructs' properties, when they are invalid
   */
  static List<ChartManifest> synthesize(App app) {
    Objects.requireNonNull(app, "app");
    try {
      return AppSynthesizer.synthesize(app);
    } catch (ValidationException e) {
      List<String> lines = new ArrayList<>();
      lines.add(count(e.problems().size(), "problem") + " in the constructs' properties, nothing synthesized:");
      e.problems().forEach(p -> lines.add("  " + p));
      throw new AssertionError(String.join("\n", lines), e);
    }
  }

  /**
   * The lines a failure lists for {@code result}: its problems under a heading, then its warnings (which alone do
   * not fail); empty when it passed. Warnings are printed to standard error either way, as the CLI does.
   */
  static List<String> problems(ManifestChecks.Result result) {
    result.warnings().forEach(w -> System.err.println("warning: " + w));
    if (result.passed()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    lines.add(count(result.problems().size(), "problem") + " in the manifests (as flinkstack validate reports them):");
    result.problems().forEach(f -> lines.add("  " + f));
    if (!result.warnings().isEmpty()) {
      lines.add("and " + count(result.warnings().size(), "warning") + ":");
      result.warnings().forEach(f -> lines.add("  " + f));
    }
    return lines;
  }

  static void failOn(List<String> lines) {
    if (!lines.isEmpty()) {
      throw new AssertionError(String.join("\n", lines));
    }
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
