package io.flinkstack.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Flink minor versions flinkstack synthesizes clusters for, and every fact about a version that the
 * constructs, the controller and the test harness depend on: the config file, key spellings, and what the
 * official image's entrypoints accept. One place, so that the manifests, the harness that runs them and the
 * controller that talks to them cannot disagree.
 *
 * <p>The entrypoint facts were read off each version's own parser classes (flink-container's
 * {@code StandaloneApplicationClusterConfigurationParserFactory}, flink-runtime's
 * {@code EntrypointClusterConfigurationParserFactory} and {@code ClusterConfigurationParserFactory}); the
 * {@code versions} module checks them against those classes for every version here. The parsers stop at the
 * first option they do not know and pass it and everything after it to the job as program arguments, silently,
 * so an option a version lacks is never harmless.
 */
public enum FlinkVersion {
  V1_16(1, 16),
  V1_17(1, 17),
  V1_18(1, 18),
  /**
   * Accepted but not verified: no {@code flink-container} 1.19 is served to the machines that test
   * flinkstack, so its application entrypoint cannot be run with its own classes (its session cluster and
   * TaskManagers can, on 1.19.1).
   */
  V1_19(1, 19),
  V1_20(1, 20),
  V2_0(2, 0),
  V2_1(2, 1),
  V2_2(2, 2),
  V2_3(2, 3);

  /** The version a cluster gets when its props name none. */
  public static final FlinkVersion DEFAULT = V2_1;

  /** Where Flink copies a remote job jar before it starts the job (1.19+, {@code user.artifacts.base-dir}). */
  public static final String ARTIFACTS_DIR = "/opt/flink/artifacts";

  /**
   * What becomes of a job's latest checkpoint when the job is cancelled; the same key in every version. The constructs
   * set it to {@code RETAIN_ON_CANCELLATION}; the runtime controller reads the job's own value before a cancel.
   */
  public static final String CHECKPOINT_RETENTION_KEY = "execution.checkpointing.externalized-checkpoint-retention";

  /** Where an image's job jar goes when the entrypoint finds it by scanning (every version). */
  public static final String USRLIB_DIR = "/opt/flink/usrlib/";

  private final int major;
  private final int minor;

  FlinkVersion(int major, int minor) {
    this.major = major;
    this.minor = minor;
  }

  /** {@code "1.20"}, {@code "v1_20"}, {@code "V1_20"} or {@code "1.20.3"} (patch ignored). */
  public static Optional<FlinkVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '.');
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    String[] parts = t.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    for (FlinkVersion v : values()) {
      if (parts[0].equals(Integer.toString(v.major)) && parts[1].equals(Integer.toString(v.minor))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The versions as a user writes them, for error messages. */
  public static String supported() {
    return Arrays.stream(values()).map(FlinkVersion::toString).collect(Collectors.joining(", "));
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  public boolean isAtLeast(FlinkVersion other) {
    return compareTo(other) >= 0;
  }

  /**
   * False for a version whose application entrypoint the project cannot run with that version's own classes
   * (see {@link #V1_19}); the constructs accept it with a warning.
   */
  public boolean verified() {
    return this != V1_19;
  }

  // ---- configuration file -------------------------------------------------------------------------------

  /**
   * The configuration file the image reads: Flink 1.19 introduced the standard-YAML {@code config.yaml};
   * 2.x reads only that.
   */
  public String configFileName() {
    return usesStandardYaml() ? "config.yaml" : "flink-conf.yaml";
  }

  /** {@code config.yaml} (standard YAML) rather than the legacy "key: value" lines of {@code flink-conf.yaml}. */
  public boolean usesStandardYaml() {
    return isAtLeast(V1_19);
  }

  // ---- entrypoint options -------------------------------------------------------------------------------

  /**
   * {@code standalone-job --host}: removed from the application entrypoint's parser in 2.0. The address every
   * version accepts is the dynamic property {@code -D jobmanager.rpc.address=…}.
   */
  public boolean standaloneJobAcceptsHost() {
    return major < 2;
  }

  /**
   * An application JobManager takes the jobs its job result store has not cleaned up as its application's own and
   * refuses an application whose fixed job id is not among them (2.3: {@code JobNameBasedJobIdManager} in
   * flink-clients, fed by {@code ApplicationDispatcherGatewayServiceFactory}); before 2.3 it cleaned such a job up
   * and ran the new one.
   */
  public boolean recoversJobsPerApplication() {
    return isAtLeast(V2_3);
  }

  /**
   * {@code standalone-job --jars URI}: the application entrypoint fetches the job jar itself (1.19+; 1.18's
   * parser does not know the option). Before that the jar must be in {@link #USRLIB_DIR}, which the entrypoint
   * scans.
   */
  public boolean fetchesJobJars() {
    return isAtLeast(V1_19);
  }

  /** The oldest version whose application entrypoint fetches a job jar from a URI, for error messages. */
  public static FlinkVersion oldestFetchingJobJars() {
    return Arrays.stream(values()).filter(FlinkVersion::fetchesJobJars).findFirst().orElseThrow();
  }

  // ---- REST API -----------------------------------------------------------------------------------------

  /**
   * {@code PUT /jobs/:jobid/resource-requirements}: a running job's parallelism bounds, set through the REST API, which
   * the adaptive scheduler rescales the job to in place (FLIP-291, 1.18: {@code JobResourcesRequirementsUpdateHeaders}
   * in flink-runtime). The runtime controller's in-place rescaling and its autoscaler in ACT mode go through it; before
   * 1.18 the endpoint is not there (Flink answers 404), and the adaptive scheduler only uses the slots there are, up to
   * the job's parallelism.
   */
  public boolean updatesResourceRequirements() {
    return isAtLeast(V1_18);
  }

  /** The oldest version with {@link #updatesResourceRequirements()}, for error messages. */
  public static FlinkVersion oldestUpdatingResourceRequirements() {
    return Arrays.stream(values()).filter(FlinkVersion::updatesResourceRequirements).findFirst().orElseThrow();
  }

  // ---- configuration keys -------------------------------------------------------------------------------

  public String highAvailabilityTypeKey() {
    return isAtLeast(V1_17) ? "high-availability.type" : "high-availability";
  }

  public String restartStrategyKey() {
    return isAtLeast(V1_17) ? "restart-strategy.type" : "restart-strategy";
  }

  /**
   * 1.20 introduced the {@code execution.checkpointing.*} names (FLIP-406) and deprecated the old ones; 2.0 removed
   * the old ones. (The Apache operator 1.10 reads only the old names: the operator backend writes them for 1.x, see
   * {@link #legacyCheckpointDirKeys()}.)
   */
  public String checkpointsDirKey() {
    return isAtLeast(V1_20) ? "execution.checkpointing.dir" : "state.checkpoints.dir";
  }

  public String savepointsDirKey() {
    return isAtLeast(V1_20) ? "execution.checkpointing.savepoint-dir" : "state.savepoints.dir";
  }

  /**
   * Every spelling of the checkpoint directory's key, the newest version's first: what to look for in a configuration
   * whose version is not known (a JobManager's own, or a declared one that 1.20 reads under either name).
   */
  public static List<String> checkpointsDirKeys() {
    return everyVersionsKey(FlinkVersion::checkpointsDirKey);
  }

  /** As {@link #checkpointsDirKeys()}, for the savepoint directory. */
  public static List<String> savepointsDirKeys() {
    return everyVersionsKey(FlinkVersion::savepointsDirKey);
  }

  private static List<String> everyVersionsKey(java.util.function.Function<FlinkVersion, String> key) {
    List<FlinkVersion> newestFirst = new java.util.ArrayList<>(List.of(values()));
    java.util.Collections.reverse(newestFirst);
    return newestFirst.stream().map(key).distinct().toList();
  }

  /**
   * On 1.20, the current directory key to its pre-1.20 name, which 1.20 still reads (deprecated) and the Apache
   * operator 1.10, built on Flink 1.19's classes, reads alone; empty before 1.20 (the old names are the keys) and
   * from 2.0 (the old names are gone).
   */
  public Map<String, String> legacyCheckpointDirKeys() {
    return this == V1_20
        ? Map.of("execution.checkpointing.dir", "state.checkpoints.dir",
            "execution.checkpointing.savepoint-dir", "state.savepoints.dir")
        : Map.of();
  }

  /** The keys that switch task-local recovery on (backup of local state, and recovery from it). */
  public List<String> localRecoveryKeys() {
    return isAtLeast(V2_0)
        ? List.of("execution.checkpointing.local-backup.enabled", "execution.state-recovery.from-local")
        : List.of("state.backend.local-recovery");
  }

  /**
   * The adaptive scheduler's minimum time between two rescalings (30 s by default): flinkstack sets it to 0 when
   * something else (the runtime controller, an HPA) decides when to rescale. FLIP-322 added it in 1.19; 2.0 renamed
   * it. Empty before 1.19: those versions rescale without a cooldown.
   */
  public Optional<String> adaptiveSchedulerCooldownKey() {
    if (!isAtLeast(V1_19)) {
      return Optional.empty();
    }
    return Optional.of(major >= 2
        ? "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling"
        : "jobmanager.adaptive-scheduler.scaling-interval.min");
  }

  /** How long the adaptive scheduler waits for the resources it wants at submission. Renamed in 2.0. */
  public String adaptiveSchedulerStabilizationKey() {
    return major >= 2
        ? "jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout"
        : "jobmanager.adaptive-scheduler.resource-stabilization-timeout";
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
