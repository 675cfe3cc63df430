package io.flinkstack.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.versions.Entrypoints.Command;
import io.flinkstack.versions.Entrypoints.Parsed;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract's entrypoint facts ({@link FlinkVersion#standaloneJobAcceptsHost()},
 * {@link FlinkVersion#fetchesJobJars()}, {@link FlinkVersion#configFileName()}), each compared with what the
 * version's own classes do. Each check derives "accepted" from the parse and compares it with the fact, so flipping
 * a fact for any version fails here.
 */
class EntrypointFactsTest {
  private static final String NO_CONTAINER = "no flink-container %s served: its application entrypoint cannot be run";
  private static final String HOST = "10.0.0.7";
  private static final String JAR = "https://example.com/job.jar";

  private static Parsed standaloneJob(FlinkVersion v, String... args) {
    assumeTrue(VersionJars.hasContainer(v), () -> String.format(NO_CONTAINER, v));
    return Entrypoints.run(v, prepend("standalone-job", args));
  }

  private static List<String> prepend(String first, String... rest) {
    return Stream.concat(Stream.of(first), Stream.of(rest)).toList();
  }

  private static void assertStandaloneJobAcceptsExactlyWhenTheContractSays(
      FlinkVersion v, Parsed p, boolean accepted, String option, String value, String contractFact, boolean contract) {
    // Not accepted must mean the silent failure mode: the option and all after it became program arguments.
    if (!accepted) {
      assertThat(p.unparsed()).as("%s: %s", VersionJars.describe(v), p).startsWith(option, value);
    }
    assertThat(accepted).as("%s standalone-job %s: parsed %s; contract %s()=%s",
        VersionJars.describe(v), option, p, contractFact, contract).isEqualTo(contract);
  }

  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void standaloneJobAcceptsHostExactlyWhenTheContractSays(FlinkVersion v) {
    Parsed p = standaloneJob(v, "--host", HOST, "--job-classname", "C");
    boolean accepted = HOST.equals(p.hostname()) && "C".equals(p.jobClassName()) && p.unparsed().isEmpty();
    assertStandaloneJobAcceptsExactlyWhenTheContractSays(v, p, accepted, "--host", HOST, "standaloneJobAcceptsHost", v.standaloneJobAcceptsHost());
  }

  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void standaloneJobFetchesJarsExactlyWhenTheContractSays(FlinkVersion v) {
    Parsed p = standaloneJob(v, "--jars", JAR, "--job-classname", "C");
    boolean accepted = List.of(JAR).equals(p.jars()) && "C".equals(p.jobClassName()) && p.unparsed().isEmpty();
    assertStandaloneJobAcceptsExactlyWhenTheContractSays(v, p, accepted, "--jars", JAR, "fetchesJobJars", v.fetchesJobJars());
  }

  /**
   * The session JobManager's parser lost {@code --host} in the same release as the application entrypoint's (both
   * took it from flink-runtime's shared options). This is the only part of the host fact that 1.19 can be checked
   * on, its flink-runtime being served.
   */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void sessionParserKnowsHostExactlyWhenStandaloneJobDoes(FlinkVersion v) {
    Parsed p = Entrypoints.parse(v, Command.JOBMANAGER, List.of("--configDir", Entrypoints.CONF_DIR, "--host", HOST));
    boolean accepted = HOST.equals(p.hostname()) && p.unparsed().isEmpty();
    assertThat(accepted).as("%s session parser --host: parsed %s; contract standaloneJobAcceptsHost()=%s",
        VersionJars.describe(v), p, v.standaloneJobAcceptsHost()).isEqualTo(v.standaloneJobAcceptsHost());
  }

  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void taskManagerTakesDynamicProperties(FlinkVersion v) {
    Parsed p = Entrypoints.run(v, List.of("taskmanager", "-D", "taskmanager.numberOfTaskSlots=3"));
    assertThat(p.dynamicProperties()).as("%s: %s", VersionJars.describe(v), p)
        .containsEntry("taskmanager.numberOfTaskSlots", "3");
    assertThat(p.unparsed()).as("%s: %s", VersionJars.describe(v), p).isEmpty();
  }

  /** The one way to advertise an address that every version's every entrypoint accepts. */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void everyEntrypointAcceptsTheRpcAddressAsDynamicProperty(FlinkVersion v) {
    List<String> commands = VersionJars.hasContainer(v)
        ? List.of("standalone-job", "jobmanager", "taskmanager") : List.of("jobmanager", "taskmanager");
    for (String command : commands) {
      Parsed p = Entrypoints.run(v, List.of(command, "-D", "jobmanager.rpc.address=" + HOST, "-D", "k=v"));
      assertThat(p.dynamicProperties()).as("%s %s: %s", VersionJars.describe(v), command, p)
          .containsEntry("jobmanager.rpc.address", HOST).containsEntry("k", "v");
      assertThat(p.unparsed()).as("%s %s: %s", VersionJars.describe(v), command, p).isEmpty();
    }
  }

  /** The name of the file {@code GlobalConfiguration} loads from the conf dir, as the version's class spells it. */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void configFileNameIsTheOneTheVersionLoads(FlinkVersion v) throws ReflectiveOperationException {
    Object name = VersionJars.load(v, "org.apache.flink.configuration.GlobalConfiguration")
        .getField("FLINK_CONF_FILENAME").get(null);
    assertThat(name).as("%s GlobalConfiguration.FLINK_CONF_FILENAME", VersionJars.describe(v))
        .isEqualTo(v.configFileName());
  }
}
