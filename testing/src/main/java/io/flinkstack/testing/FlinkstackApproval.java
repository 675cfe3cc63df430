package io.flinkstack.testing;

import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ManifestChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.namer.ApprovalNamer;
import org.cdk8s.App;

/**
 * Approves every chart of a cdk8s {@link App} with Approval Tests and runs the checks of {@link FlinkstackChecks}
 * on them, from one call in a JUnit 5 test:
 *
 * <pre>
 * &#64;Test
 * void everyChartIsApprovedAndValid() {
 *   App app = new App();
 *   MyCharts.define(app);
 *   FlinkstackApproval.verifyApp(app);
 * }
 * </pre>
 *
 * <p>The app is synthesized once, in memory ({@code AppSynthesizer}, the same bytes as {@code cdk8s synth}); every
 * chart is compared with its approved file, and a chart that differs (or has none yet) leaves its {@code
 * .received.yaml} beside it to review and rename. One {@link AssertionError} lists every problem the checks found and
 * every chart that differs, so a run shows all there is to fix.
 *
 * <p>Where the files are ({@link Settings}): by default Approval Tests' own place and names, beside the test's source,
 * {@code <TestClass>.<testMethod>.<chart>.approved.yaml}; with {@link Settings#inDirectory} one folder of {@code
 * <chart>.approved.yaml}, the way flinkstack keeps its own ({@code snapshots/approved}).
 */
public final class FlinkstackApproval {
  private FlinkstackApproval() {}

  /** Approves every chart beside the test, with the standard checks. */
  public static void verifyApp(App app) {
    verifyApp(app, Settings.besideTheTest());
  }

  /** Approves every chart where {@code settings} say, with their checks. */
  public static void verifyApp(App app, Settings settings) {
    verifyManifests(FlinkstackChecks.synthesize(app), settings);
  }

  /** Approves already synthesized charts (e.g. from {@code AppSynthesizer.synthesize}) and checks them. */
  public static void verifyManifests(List<ChartManifest> manifests, Settings settings) {
    Objects.requireNonNull(settings, "settings");
    if (manifests.isEmpty()) {
      throw new AssertionError("the app has no chart to approve");
    }
    List<String> failures = new ArrayList<>();
    if (settings.checks != null) {
      failures.addAll(FlinkstackChecks.problems(settings.checks.checkManifests(manifests)));
    }
    List<String> differing = new ArrayList<>();
    // Created here, while the test method is on the stack, for Approval Tests' default namer to find it.
    ApprovalNamer testNamer = settings.directory == null ? settings.options.forFile().getNamer() : null;
    for (ChartManifest m : manifests) {
      String chart = chartName(m);
      ApprovalNamer namer = testNamer != null
          ? testNamer.addAdditionalInformation(chart)
          : new ChartNamer(settings.directory.toFile(), chart);
      try {
        Approvals.verify(m.yaml(), settings.options.forFile().withNamer(namer).forFile().withExtension(".yaml"));
      } catch (Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        differing.add("  " + chart + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " ").strip());
      }
    }
    if (!differing.isEmpty()) {
      failures.add(FlinkstackChecks.count(differing.size(), "chart") + " not as approved (review each .received.yaml;"
          + " rename it to .approved.yaml to approve it):");
      failures.addAll(differing);
    }
    FlinkstackChecks.failOn(failures);
  }

  /** The chart's name: its file without {@code .k8s.yaml}, e.g. {@code wordcount}. */
  static String chartName(ChartManifest manifest) {
    return manifest.file().replaceFirst("\\.k8s\\.yaml$", "");
  }

  /**
   * Where the approved files are, how Approval Tests reports a difference, and which checks run. Immutable; start
   * from {@link #besideTheTest()} or {@link #inDirectory(Path)}.
   */
  public static final class Settings {
    private final Path directory;
    private final Options options;
    private final ManifestChecks checks;

    private Settings(Path directory, Options options, ManifestChecks checks) {
      this.directory = directory;
      this.options = options;
      this.checks = checks;
    }

    /** Approval Tests' names beside the test's source: {@code <TestClass>.<testMethod>.<chart>.approved.yaml}. */
    public static Settings besideTheTest() {
      return new Settings(null, new Options(), ManifestChecks.standard());
    }

    /** {@code <directory>/<chart>.approved.yaml}, relative paths from the test's working directory (the module's). */
    public static Settings inDirectory(Path directory) {
      return new Settings(Objects.requireNonNull(directory, "directory"), new Options(), ManifestChecks.standard());
    }

    /** Approval Tests options: the reporter (e.g. {@code new QuietReporter()} in CI), a scrubber, ... */
    public Settings withOptions(Options options) {
      return new Settings(directory, Objects.requireNonNull(options, "options"), checks);
    }

    /** Other checks, e.g. {@code ManifestChecks.standard().withPodSecurity(PodSecurity.Level.BASELINE)}. */
    public Settings withChecks(ManifestChecks checks) {
      return new Settings(directory, options, Objects.requireNonNull(checks, "checks"));
    }

    /** Approval only: no checks (run {@link FlinkstackChecks} in a test of its own). */
    public Settings withoutChecks() {
      return new Settings(directory, options, null);
    }
  }
}
