package io.flinkstack.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per validation rule: each names the field and says the fix. */
class ClusterValidatorTest {
  private static final String PATH = "chart/app";

  private static FlinkApplicationProps.Builder valid() {
    return FlinkApplicationProps.builder()
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .taskManagers(2)
        .taskSlots(2);
  }

  private static ClusterSpec resolve(FlinkApplicationProps.Builder b) {
    return ClusterValidator.validate(b.build(), "app", () -> PATH);
  }

  private static List<Problem> problems(UnaryOperator<FlinkApplicationProps.Builder> change) {
    try {
      resolve(change.apply(valid()));
    } catch (ValidationException e) {
      assertThat(e.getMessage().lines()).hasSize(e.problems().size()).allMatch(l -> l.startsWith(PATH + ": "));
      return e.problems();
    }
    throw new AssertionError("expected a validation problem");
  }

  private static Problem only(UnaryOperator<FlinkApplicationProps.Builder> change) {
    List<Problem> problems = problems(change);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Test
  void appliesDefaults() {
    ClusterSpec spec = resolve(valid());
    assertThat(spec.name()).isEqualTo("app");
    assertThat(spec.parallelism()).isEqualTo(4);
    assertThat(spec.jobManagerMemory().toFlink()).isEqualTo("1600m");
    assertThat(spec.taskManagerMemory().toFlink()).isEqualTo("1728m");
    assertThat(spec.restService().type()).isEqualTo("ClusterIP");
    assertThat(resolve(FlinkApplicationProps.builder().image("flink").jarUri("local:///opt/flink/usrlib/a.jar")).flinkVersion())
        .isEqualTo(FlinkVersion.V2_1);
  }

  @Test
  void imageIsRequired() {
    Problem p = only(b -> b.image(null));
    assertThat(p.field()).isEqualTo("image");
    assertThat(p.message()).contains("is required").contains("flink:2.1");
    assertThat(only(b -> b.image(" flink:2.1")).message()).contains("white space");
  }

  @Test
  void jarUriIsRequired() {
    Problem p = only(b -> b.jarUri(""));
    assertThat(p.field()).isEqualTo("jarUri");
    assertThat(p.message()).contains("local:///opt/flink/usrlib/my-job.jar");
  }

  @Test
  void jarUriNeedsASchemeFlinkCanFetch() {
    assertThat(only(b -> b.jarUri("/opt/flink/usrlib/job.jar")).message()).contains("no scheme").contains("local:///opt/flink/usrlib/job.jar");
    assertThat(only(b -> b.jarUri("ftp://host/job.jar")).message()).contains("scheme 'ftp'").contains("s3");
    assertThat(only(b -> b.jarUri("local://opt/flink/job.jar")).message()).contains("three slashes");
    assertThat(only(b -> b.jarUri("local:///opt/flink/usrlib/job.zip")).message()).contains(".jar");
    assertThat(only(b -> b.jarUri("s3://bucket/ job.jar")).message()).contains("is not a URI");
    assertThat(resolve(valid().jarUri("s3://bucket/jobs/job.jar")).jarUri()).isEqualTo("s3://bucket/jobs/job.jar");
  }

  @Test
  void oldFlinkRunsOnlyJarsInUsrlib() {
    assertThat(only(b -> b.flinkVersion(FlinkVersion.V1_17).jarUri("s3://bucket/job.jar")).message())
        .contains("Flink 1.17 cannot fetch").contains("Flink 1.19 or newer");
    // 1.18's entrypoint has no --jars either (it exists from 1.19): a jar outside usrlib would never be found.
    assertThat(only(b -> b.flinkVersion(FlinkVersion.V1_18)).message()).contains("/opt/flink/usrlib")
        .contains("Flink 1.19 or newer");
    assertThat(only(b -> b.flinkVersion(FlinkVersion.V1_17)).message()).contains("/opt/flink/usrlib");
    assertThat(resolve(valid().flinkVersion(FlinkVersion.V1_17).jarUri("local:///opt/flink/usrlib/job.jar")).flinkVersion())
        .isEqualTo(FlinkVersion.V1_17);
  }

  @Test
  void unknownFlinkVersionListsTheSupportedOnes() {
    Problem p = only(b -> b.flinkVersion("3.7"));
    assertThat(p.field()).isEqualTo("flinkVersion");
    assertThat(p.message()).contains("'3.7'").contains(FlinkVersion.supported());
    assertThat(resolve(valid().flinkVersion("v1_20")).flinkVersion()).isEqualTo(FlinkVersion.V1_20);
    assertThat(resolve(valid().flinkVersion("1.19.2")).flinkVersion()).isEqualTo(FlinkVersion.V1_19);
  }

  @Test
  void parallelismMustFitTheSlots() {
    Problem p = only(b -> b.parallelism(5));
    assertThat(p.field()).isEqualTo("parallelism");
    assertThat(p.message()).contains("5 is more than the 4 slots").contains("raise taskManagers to 3")
        .contains("taskSlots to 3").contains("lower parallelism to 4");
    assertThat(only(b -> b.parallelism(0)).field()).isEqualTo("parallelism");
  }

  @Test
  void countsMustBePositive() {
    assertThat(only(b -> b.taskManagers(0)).field()).isEqualTo("taskManagers");
    assertThat(only(b -> b.taskSlots(-1)).field()).isEqualTo("taskSlots");
  }

  @Test
  void memoryMustParse() {
    Problem p = only(b -> b.taskManager(Resources.of("lots", 1)));
    assertThat(p.field()).isEqualTo("taskManager.memory");
    assertThat(p.message()).contains("'lots'").contains("2048m");
    assertThat(only(b -> b.jobManager(Resources.of("2G", 1))).message()).contains("not a memory size");
    assertThat(only(b -> b.jobManager(null)).field()).isEqualTo("jobManager");
  }

  @Test
  void memoryMustFitFlinksMemoryModel() {
    Problem jm = only(b -> b.jobManager(Resources.of("512m", 1)));
    assertThat(jm.field()).isEqualTo("jobManager.memory");
    assertThat(jm.message()).contains("leaves no JVM heap").contains("use at least 640m");
    Problem tm = only(b -> b.taskManager(Resources.of("900m", 1)));
    assertThat(tm.field()).isEqualTo("taskManager.memory");
    assertThat(tm.message()).contains("leaves no task heap").contains("use at least");
  }

  @Test
  void cpuMustBeExpressible() {
    Problem p = only(b -> b.taskManager(Resources.of("2g", 0)));
    assertThat(p.field()).isEqualTo("taskManager.cpu");
    assertThat(only(b -> b.jobManager(Resources.of("2g", 0.0001))).field()).isEqualTo("jobManager.cpu");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Word_Count", "-app", "app-", "a.b", "this-name-is-far-too-long-for-a-flink-cluster-name"})
  void nameMustBeADnsLabel(String name) {
    Problem p = only(b -> b.name(name));
    assertThat(p.field()).isEqualTo("name");
    assertThat(p.message()).contains("at most 40 characters");
  }

  @Test
  void nameProblemSuggestsAFix() {
    assertThat(only(b -> b.name("Word_Count")).message()).contains("e.g. 'word-count'");
  }

  @Test
  void entryClassMustBeAJavaClassName() {
    Problem p = only(b -> b.entryClass("com.example.My Job"));
    assertThat(p.field()).isEqualTo("entryClass");
    assertThat(resolve(valid().entryClass("com.example.MyJob$Inner")).entryClass()).isEqualTo("com.example.MyJob$Inner");
  }

  @Test
  void argsMustNotBeNull() {
    assertThat(only(b -> b.args(Arrays.asList("--a", null))).field()).isEqualTo("args[1]");
  }

  @Test
  void derivedConfigurationKeysPointToTheTypedProperty() {
    Problem p = only(b -> b.flinkConfiguration(Map.of("taskmanager.memory.process.size", "4g")));
    assertThat(p.field()).isEqualTo("flinkConfiguration.taskmanager.memory.process.size");
    assertThat(p.message()).contains("taskManager(Resources.of(memory, cpu))");
    assertThat(only(b -> b.flinkConfiguration(Map.of("parallelism.default", "3"))).message()).contains("parallelism(n)");
    assertThat(only(b -> b.flinkConfiguration(Map.of("rest.port", "9999"))).message()).contains("fixed by flinkstack");
  }

  @Test
  void plainHttpJarsNeedFlinksOptIn() {
    // Seen on Flink 2.1.3's own JobManager (bench versions): "Artifact fetching from raw HTTP endpoints are disabled".
    Problem p = only(b -> b.jarUri("http://artifacts.internal/job.jar"));
    assertThat(p.field()).isEqualTo("jarUri");
    assertThat(p.message()).contains("https://", "user.artifacts.raw-http-enabled");
    assertThat(resolve(valid().jarUri("http://artifacts.internal/job.jar")
        .flinkConfiguration(Map.of("user.artifacts.raw-http-enabled", "true"))).jarUri()).startsWith("http://");
    assertThat(resolve(valid().jarUri("https://artifacts.internal/job.jar")).jarUri()).startsWith("https://");
  }

  @Test
  void imageEntrypointVariablesThatWouldDoNothingAreRefused() {
    // The official image's entrypoint edits /opt/flink/conf for these; flinkstack mounts it read-only.
    for (String name : List.of("FLINK_PROPERTIES", "TASK_MANAGER_NUMBER_OF_TASK_SLOTS", "JOB_MANAGER_RPC_ADDRESS",
        "ENABLE_BUILT_IN_PLUGINS")) {
      Problem p = only(b -> b.env(Map.of(name, "x")));
      assertThat(p.field()).isEqualTo("env." + name);
      assertThat(p.message()).contains("read-only").containsAnyOf("instead", "remove it");
    }
    assertThat(only(b -> b.env(Map.of("FLINK_PROPERTIES", "a: b"))).message()).contains("flinkConfiguration(");
    assertThat(only(b -> b.env(Map.of("TASK_MANAGER_NUMBER_OF_TASK_SLOTS", "2"))).message()).contains("taskSlots(");
    assertThat(resolve(valid().env(Map.of("TZ", "UTC"))).env()).containsEntry("TZ", "UTC");
  }

  @Test
  void flink119IsAcceptedWithAWarning() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream previous =
        io.flinkstack.constructs.validation.Warnings.redirect(new java.io.PrintStream(err, true));
    try {
      assertThat(resolve(valid().flinkVersion(FlinkVersion.V1_19)).flinkVersion()).isEqualTo(FlinkVersion.V1_19);
      resolve(valid().flinkVersion(FlinkVersion.V1_20));
    } finally {
      io.flinkstack.constructs.validation.Warnings.redirect(previous);
    }
    assertThat(err.toString()).hasLineCount(1)
        .startsWith("flinkstack warning: " + PATH + ": flinkVersion: Flink 1.19 is accepted but not verified");
  }

  /**
   * A stateful (savepoint-mode) application without HA is accepted, with a warning: its JobManager's restart resumes from
   * the latest checkpoint only through the runtime controller, else goes back to the savepoint it last started from. Not
   * for a stateless one, one with HA, or one without state storage (stateless by default).
   */
  @Test
  void aSavepointModeApplicationWithoutHighAvailabilityIsAcceptedWithAWarning() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream previous =
        io.flinkstack.constructs.validation.Warnings.redirect(new java.io.PrintStream(err, true));
    io.flinkstack.constructs.StateStorage storage = io.flinkstack.constructs.StateStorage.objectStore("s3://bucket/orders");
    try {
      resolve(valid().stateStorage(storage));
      resolve(valid().stateStorage(storage).job(io.flinkstack.constructs.JobSettings.builder()
          .upgradeMode(io.flinkstack.contract.UpgradeMode.STATELESS).build()));
      resolve(valid().stateStorage(storage).highAvailability(io.flinkstack.constructs.HighAvailability.builder().build()));
      resolve(valid());
    } finally {
      io.flinkstack.constructs.validation.Warnings.redirect(previous);
    }
    assertThat(err.toString()).hasLineCount(1)
        .startsWith("flinkstack warning: " + PATH + ": highAvailability: is not set: after a JobManager restart")
        .contains("only once the runtime controller has written its resolver");
  }

  @Test
  void configurationKeysAndValuesMustBeUsable() {

    Map<String, String> withNull = new HashMap<>();
    withNull.put("state.backend.type", null);
    assertThat(only(b -> b.flinkConfiguration(withNull)).field()).isEqualTo("flinkConfiguration.state.backend.type");
    assertThat(only(b -> b.flinkConfiguration(Map.of("bad key", "x"))).field()).isEqualTo("flinkConfiguration");
    Problem legacy = only(b -> b.flinkVersion(FlinkVersion.V1_18).jarUri("local:///opt/flink/usrlib/job.jar").flinkConfiguration(Map.of("env.java.opts.all", "-Da=1 # b")));
    assertThat(legacy.message()).contains("flink-conf.yaml").contains("'#'");
    assertThat(resolve(valid().flinkConfiguration(Map.of("env.java.opts.all", "-Da=1 # b"))).flinkConfiguration())
        .containsEntry("env.java.opts.all", "-Da=1 # b");
  }

  @Test
  void envNamesMustBeValid() {
    assertThat(only(b -> b.env(Map.of("1BAD", "x"))).field()).isEqualTo("env");
  }

  @Test
  void nodePortMustBeInRange() {
    Problem p = only(b -> b.restService(RestService.nodePort(8081).protectedBy(RestProtection.unauthenticated()))
        .restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8"))));
    assertThat(p.field()).isEqualTo("restService");
    assertThat(p.message()).contains("30000 to 32767");
  }

  @Test
  void logConfigurationMustNotBeBlank() {
    assertThat(only(b -> b.logConfiguration(" ")).field()).isEqualTo("logConfiguration");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    List<Problem> problems = problems(b -> b.image(null).jarUri(null).parallelism(99).taskManager(Resources.of("1x", 1)));
    assertThat(problems).extracting(Problem::field).containsExactly("image", "jarUri", "parallelism", "taskManager.memory");
  }

  @Test
  void validInputNeverThrows() {
    assertThat(resolve(valid().parallelism(3))).isNotNull();
    assertThatThrownBy(() -> resolve(valid().parallelism(9))).isInstanceOf(ValidationException.class);
  }
}
