package io.flinkstack.e2e.bench;

import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.e2e.versions.FlinkDistribution;
import io.flinkstack.e2e.versions.ApplicationRun;
import io.flinkstack.e2e.versions.RescaleRun;
import io.flinkstack.e2e.versions.SessionRun;
import io.flinkstack.e2e.versions.VersionRun;
import io.flinkstack.e2e.versions.VersionRun.Jar;
import io.flinkstack.e2e.versions.VersionRun.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code flinkstack bench versions}: every Flink version flinkstack accepts, run for real (see {@link VersionRun}):
 * per verified version an application without and with HA and a {@code local://} jar, and from 1.19 on a remote
 * jar served over http from 127.0.0.1; before 1.19 the remote jar must be refused by the constructs. A line per
 * version with the seconds from pods created to job RUNNING at its parallelism; versions accepted as "not verified"
 * on a line of their own; last line {@code versions ok=N of M} (M: the verified versions). Each run then makes the
 * runtime controller's REST calls against the version's JobManager ({@code ControllerRestCheck}: savepoints, checkpoints,
 * a triggered checkpoint or its refusal before 1.17, stop-with-savepoint, disposal; in the run without HA with a local
 * jar, a TaskManager killed and the job's failure read from Flink's exception history); a failed call fails the run.
 * Every version (1.19 too, which runs no application here) also runs a session cluster whose job the runtime controller
 * submits, upgrades with a savepoint, rolls back, upgrades out of a crash loop, suspends, resumes, restarts, redeploys
 * and deletes ({@link SessionRun}); last line {@code versions ok=N of M sessions_ok=K of L applications_ok=A of M
 * rescales_ok=R of M}: each verified version's application with HA also goes through the controller's upgrade,
 * rollback, upgrade out of a crash loop, suspend, resume, restart, a restart whose JobManager is killed after the stop
 * completed, and redeploy ({@link ApplicationRun} with its faults), and is rescaled ({@link RescaleRun}), counted apart
 * (L: the versions run).

 *
 * <p>Arguments: optional versions to run (e.g. {@code 2.1 2.3}); default all.
 */
public final class VersionsBench {
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private VersionsBench() {}

  public static void main(String[] args) throws IOException {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    List<FlinkVersion> versions = new ArrayList<>();
    for (String arg : args) {
      versions.add(FlinkVersion.parse(arg).orElseThrow(() -> new IllegalArgumentException(
          "'" + arg + "' is not a Flink version flinkstack accepts; use one of " + FlinkVersion.supported())));
    }
    if (versions.isEmpty()) {
      versions.addAll(List.of(FlinkVersion.values()));
    }
    Path work = Files.createTempDirectory("flinkstack-bench-versions");
    int ok = 0;
    int verified = 0;
    int sessionsOk = 0;
    int applicationsOk = 0;
    int rescalesOk = 0;
    List<String> notVerified = new ArrayList<>();
    for (FlinkVersion version : versions) {
      // A session cluster needs no flink-container: every version's runs, 1.19's too.
      String session = transitions(version, "session", () -> SessionRun.run(version, work.resolve(version + "-session")));
      if (!session.endsWith("FAILED")) {
        sessionsOk++;
      }
      if (!version.verified() || !FlinkDistribution.release(version).runsApplications()) {
        notVerified.add(version + " (no flink-container " + version + " served: its application entrypoint cannot run here;"
            + " its session cluster " + session + ")");
        continue;
      }
      verified++;
      List<String> parts = new ArrayList<>();
      boolean allOk = true;
      for (Scenario scenario : scenarios(version)) {
        try {
          // One run per version loses its TaskManager: Flink's exception history, as the controller reads it.
          boolean loseTaskManager = !scenario.highAvailability() && scenario.jar() == Jar.LOCAL;
          VersionRun.Result result = VersionRun.run(scenario, work.resolve(scenario.toString().replace(' ', '-')), loseTaskManager);
          parts.add(label(scenario) + "=" + String.format(Locale.ROOT, "%.1f", result.runningSeconds()));
          System.out.println("  " + scenario + ": the controller's REST calls " + result.rest());
        } catch (RuntimeException e) {
          allOk = false;
          parts.add(label(scenario) + "=FAILED");
          System.out.println("  " + scenario + ": " + e.getMessage());
        }
      }
      // The controller's application transitions on the version's own entrypoint (ApplicationRun, HA).
      String application = transitions(version, "application", () -> ApplicationRun.run(version, work.resolve(version + "-application"), true));
      parts.add("transitions " + application);
      // And the main example's case: no HA, stateless (ApplicationRun.runStateless); the application counts ok with both.
      String stateless = transitions(version, "stateless application", () -> ApplicationRun.runStateless(version,
          work.resolve(version + "-stateless-application")));
      parts.add("stateless " + stateless);
      if (!application.endsWith("FAILED") && !stateless.endsWith("FAILED")) {
        applicationsOk++;
      }
      // Rescaling an autoscaled application (RescaleRun: in place from 1.18, by Flink's adaptive scheduler alone before).
      String rescale = transitions(version, "rescale", () -> RescaleRun.run(version, work.resolve(version + "-rescale")));
      parts.add("rescale " + rescale);
      if (!rescale.endsWith("FAILED")) {
        rescalesOk++;
      }
      if (!version.fetchesJobJars()) {
        boolean refused = refusesRemoteJar(version);
        allOk &= refused;
        parts.add("remote_jar=" + (refused ? "refused" : "NOT-REFUSED"));
      }
      if (allOk) {
        ok++;
      }
      System.out.println("version " + version + " runtime=" + FlinkDistribution.release(version).runtime()
          + " container=" + FlinkDistribution.release(version).container().orElse("-") + " running_s " + String.join(" ", parts)
          + " session " + session + (allOk ? " ok" : " FAILED"));
    }
    notVerified.forEach(line -> System.out.println("not verified: " + line));
    System.out.println("versions ok=" + ok + " of " + verified + " sessions_ok=" + sessionsOk + " of " + versions.size()
        + " applications_ok=" + applicationsOk + " of " + verified + " rescales_ok=" + rescalesOk + " of " + verified);
  }

  /**
   * The runtime controller's transitions on the version's own cluster, {@code what} ({@code session}: {@link SessionRun};
   * {@code application}: {@link ApplicationRun}, with HA, upgrade, rollback, suspend and resume; {@code rescale}: {@link RescaleRun},
   * an autoscaled application): the seconds to the first job running, or FAILED (the reason on a line of its own). None
   * is counted in the version's ok: each has its own figure on the last line.
   */
  private static String transitions(FlinkVersion version, String what, Transitions run) {
    try {
      SessionRun.Outcome outcome = run.run();
      System.out.println("  " + version + " " + what + ": the controller's transitions " + outcome);
      return String.format(Locale.ROOT, "first_job_s=%.1f", outcome.firstJobSeconds());
    } catch (IOException | RuntimeException e) {
      System.out.println("  " + version + " " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
      return "FAILED";
    }
  }

  private interface Transitions {
    SessionRun.Outcome run() throws IOException;
  }

  static List<Scenario> scenarios(FlinkVersion version) {
    List<Scenario> scenarios = new ArrayList<>(List.of(
        new Scenario(version, false, Jar.LOCAL), new Scenario(version, true, Jar.LOCAL)));
    if (version.fetchesJobJars()) {
      scenarios.add(new Scenario(version, false, Jar.REMOTE));
    }
    return scenarios;
  }

  private static String label(Scenario scenario) {
    return (scenario.highAvailability() ? "ha" : "plain") + "_" + scenario.jar().name().toLowerCase(Locale.ROOT);
  }

  /** Before 1.19 a remote jar cannot be fetched: the constructs refuse it, naming jarUri. */
  static boolean refusesRemoteJar(FlinkVersion version) {
    try {
      VersionRun.synthesize(new Scenario(version, false, Jar.REMOTE), "https://repo.example.com/job.jar");
      return false;
    } catch (ValidationException e) {
      return e.getMessage().contains("jarUri");
    }
  }
}
