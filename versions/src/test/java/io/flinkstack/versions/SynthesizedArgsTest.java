package io.flinkstack.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.versions.Entrypoints.Command;
import io.flinkstack.versions.Entrypoints.Parsed;
import io.flinkstack.versions.SynthesizedApps.Case;
import io.flinkstack.versions.SynthesizedApps.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The constructs' synthesized JobManager and TaskManager arguments, expanded as the kubelet expands them, handed
 * through flinkstack's start script (if any) and the image's scripts, and parsed by the version's own classes. The
 * requirement: the job gets exactly the declared class, jar and arguments, and under HA each process gets the pod's
 * namespace and the JobManager advertises the pod's IP; no option may fall through to the program arguments.
 */
class SynthesizedArgsTest {
  private static final String NO_CONTAINER = "no flink-container %s served: its application entrypoint cannot be run";
  private static final String RESTORE_PATH = "s3://flink-state/savepoints/savepoint-1a2b3c";

  static Stream<Arguments> applications() {
    return SynthesizedApps.cases().stream().filter(a -> ((Case) a[1]).application).map(Arguments::of);
  }

  static Stream<Arguments> allCases() {
    return SynthesizedApps.cases().stream().map(Arguments::of);
  }

  static Stream<Arguments> sessions() {
    return SynthesizedApps.cases().stream().filter(a -> !((Case) a[1]).application).map(Arguments::of);
  }

  /** What the image's entrypoint receives from a StatefulSet's Flink container, and the container as a string. */
  private record Handed(List<String> args, String container) {}

  private static Handed handed(StatefulSet sts, String component, Path restoreDir) {
    Container c = Pods.flinkContainer(sts, component);
    Map<String, String> env = Pods.environment(sts, c);
    List<String> args = Pods.entrypointArgs(Pods.expand(c.getCommand(), env), Pods.expand(c.getArgs(), env), restoreDir);
    String described = sts.getMetadata().getName() + " container " + c.getName()
        + (c.getCommand() == null || c.getCommand().isEmpty() ? "" : " (with flinkstack's start script as command)")
        + " args " + c.getArgs() + " -> entrypoint args " + args;
    return new Handed(args, described);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("applications")
  void applicationJobManagerStartsTheDeclaredJob(FlinkVersion v, Case c, @TempDir Path noRestore) {
    assumeTrue(VersionJars.hasContainer(v), () -> String.format(NO_CONTAINER, v));
    Run run = run(v, c, Cluster::jobManager, Labels.COMPONENT_JOBMANAGER, noRestore);
    assertThat(applicationViolations(v, c.ha, c.jarUri, run.parsed())).as(run.where()).isEmpty();
    assertThat(run.parsed().savepointPath()).as("savepoint; " + run.where()).isNull();
  }

  /**
   * With a restore path recorded by the runtime controller, the start script inserts {@code --fromSavepoint}; the
   * job must still get exactly its class, jar and arguments, and the savepoint too.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("applications")
  void applicationJobManagerRestoresFromTheRecordedSavepoint(FlinkVersion v, Case c, @TempDir Path restore)
      throws IOException {
    assumeTrue(VersionJars.hasContainer(v), () -> String.format(NO_CONTAINER, v));
    Cluster cluster = SynthesizedApps.get(v, c).built();
    List<String> command = Pods.flinkContainer(cluster.jobManager(), Labels.COMPONENT_JOBMANAGER).getCommand();
    assumeTrue(command != null && !command.isEmpty(), "no start script: " + c + " is not upgraded by the controller");
    Files.writeString(restore.resolve(RestoreState.PATH_KEY), RESTORE_PATH + "\n");
    Handed h = handed(cluster.jobManager(), Labels.COMPONENT_JOBMANAGER, restore);
    Parsed p = Entrypoints.run(v, h.args());
    assertThat(applicationViolations(v, c.ha, c.jarUri, p)).as(where(v, c, h, p)).isEmpty();
    assertThat(p.savepointPath()).as("savepoint; " + where(v, c, h, p)).isEqualTo(RESTORE_PATH);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sessions")
  void sessionJobManagerGetsEveryOption(FlinkVersion v, Case c, @TempDir Path noRestore) {
    Run run = run(v, c, Cluster::jobManager, Labels.COMPONENT_JOBMANAGER, noRestore);
    assertThat(sessionViolations(c.ha, run.parsed())).as(run.where()).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("allCases")
  void taskManagerGetsEveryOption(FlinkVersion v, Case c, @TempDir Path noRestore) {
    Run run = run(v, c, Cluster::taskManager, Labels.COMPONENT_TASKMANAGER, noRestore);
    assertThat(taskManagerViolations(c.ha, run.parsed())).as(run.where()).isEmpty();
  }

  /** What a container was handed, and how the version's entrypoint parsed it; {@link #where()} says which, for a failure. */
  private record Run(FlinkVersion v, Case c, Handed handed, Parsed parsed) {
    String where() {
      return SynthesizedArgsTest.where(v, c, handed, parsed);
    }
  }

  /** The synthesized cluster's {@code set} (its container of {@code component}, restore files in {@code restore}) run through {@code v}'s entrypoint. */
  private static Run run(FlinkVersion v, Case c, Function<Cluster, StatefulSet> set, String component, Path restore) {
    Handed h = handed(set.apply(SynthesizedApps.get(v, c).built()), component, restore);
    return new Run(v, c, h, Entrypoints.run(v, h.args()));
  }

  private static String where(FlinkVersion v, Case c, Handed h, Parsed p) {
    return VersionJars.describe(v) + " " + c + ": " + h.container() + "\n  main args: " + p.mainArgs()
        + "\n  parsed: " + p;
  }

  // ---- the requirement, as lists of what breaks it ----------------------------------------------------------

  /** The job gets exactly the declared class, jar and args; under HA the JobManager knows namespace and pod IP. */
  static List<String> applicationViolations(FlinkVersion v, boolean ha, String jarUri, Parsed p) {
    List<String> problems = new ArrayList<>();
    check(problems, p.command() == Command.STANDALONE_JOB, "not the application entrypoint: " + p.command());
    check(problems, SynthesizedApps.ENTRY_CLASS.equals(p.jobClassName()),
        "jobClassName is " + p.jobClassName() + ", declared " + SynthesizedApps.ENTRY_CLASS);
    if (v.fetchesJobJars()) {
      check(problems, List.of(jarUri).equals(p.jars()), "jars are " + p.jars() + ", declared [" + jarUri + "]");
    } else {
      check(problems, p.jars() == null || p.jars().isEmpty(),
          "jars are " + p.jars() + " on a version that does not fetch jars");
    }
    check(problems, SynthesizedApps.ARGS.equals(p.programArgs()),
        "program args are " + p.programArgs() + ", declared " + SynthesizedApps.ARGS);
    return withCommonViolations(problems, ha, true, p);
  }

  /** The session entrypoint ignores arguments: an unparsed one is an option Flink never applied. */
  static List<String> sessionViolations(boolean ha, Parsed p) {
    return argumentlessViolations(Command.JOBMANAGER, "not the session entrypoint: ", ha, true, p);
  }

  static List<String> taskManagerViolations(boolean ha, Parsed p) {
    return argumentlessViolations(Command.TASKMANAGER, "not the TaskManager: ", ha, false, p);
  }

  /** An entrypoint that takes no arguments: the expected command, nothing unparsed, and what every process must meet. */
  private static List<String> argumentlessViolations(Command command, String notIt, boolean ha, boolean jobManager, Parsed p) {
    List<String> problems = new ArrayList<>();
    check(problems, p.command() == command, notIt + p.command());
    check(problems, p.unparsed().isEmpty(), "options that fell through to the (ignored) arguments: " + p.unparsed());
    return withCommonViolations(problems, ha, jobManager, p);
  }

  /** Adds what every process must meet (the HA facts under HA, expanded options) to {@code problems}; returns them. */
  private static List<String> withCommonViolations(List<String> problems, boolean ha, boolean jobManager, Parsed p) {
    if (ha) {
      haViolations(problems, p, jobManager);
    }
    expansionViolations(problems, p);
    return problems;
  }

  private static void haViolations(List<String> problems, Parsed p, boolean jobManager) {
    check(problems, Pods.NAMESPACE.equals(p.dynamicProperties().get("kubernetes.namespace")),
        "HA: kubernetes.namespace is " + p.dynamicProperties().get("kubernetes.namespace") + ", pod namespace "
            + Pods.NAMESPACE);
    if (jobManager) {
      // Whatever option the manifest uses, the parse must carry the pod IP as the RPC address.
      check(problems, p.advertises(Pods.POD_IP), "HA: the JobManager does not advertise its pod IP " + Pods.POD_IP
          + " (hostname " + p.hostname() + ", jobmanager.rpc.address "
          + p.dynamicProperties().get("jobmanager.rpc.address") + ")");
    }
  }

  /** A $(NAME) left in an argument names a variable the container does not declare: Flink would get it literally. */
  private static void expansionViolations(List<String> problems, Parsed p) {
    p.mainArgs().stream().filter(a -> a.contains("$(")).forEach(a -> problems.add("not expanded by the kubelet: " + a));
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  // ---- the checks above are not vacuous: argument lists that went wrong before are caught ---------------------

  /** {@code --host} on an application entrypoint without the option swallows class, jars and args. */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void hostOnAnApplicationEntrypointWithoutTheOptionIsCaught(FlinkVersion v) {
    assumeTrue(VersionJars.hasContainer(v), () -> String.format(NO_CONTAINER, v));
    assumeTrue(!v.standaloneJobAcceptsHost(), "Flink " + v + " accepts --host");
    Parsed p = Entrypoints.run(v, List.of("standalone-job", "--host", Pods.POD_IP, "-D", "kubernetes.namespace="
        + Pods.NAMESPACE, "--jars", SynthesizedApps.LOCAL_JAR, "--job-classname", SynthesizedApps.ENTRY_CLASS,
        "--input", "x"));
    assertThat(applicationViolations(v, true, SynthesizedApps.LOCAL_JAR, p)).as("%s", p).isNotEmpty();
  }

  /** {@code --jars} on an application entrypoint without the option swallows class and args. */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void jarsOnAnApplicationEntrypointWithoutTheOptionIsCaught(FlinkVersion v) {
    assumeTrue(VersionJars.hasContainer(v), () -> String.format(NO_CONTAINER, v));
    assumeTrue(!v.fetchesJobJars(), "Flink " + v + " accepts --jars");
    Parsed p = Entrypoints.run(v, List.of("standalone-job", "--jars", SynthesizedApps.LOCAL_JAR, "--job-classname",
        SynthesizedApps.ENTRY_CLASS, "--input", "x"));
    assertThat(applicationViolations(v, false, SynthesizedApps.LOCAL_JAR, p)).as("%s", p).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void hostOnATaskManagerIsCaught(FlinkVersion v) {
    Parsed p = Entrypoints.run(v, List.of("taskmanager", "--host", Pods.POD_IP, "-D",
        "kubernetes.namespace=" + Pods.NAMESPACE));
    assertThat(taskManagerViolations(true, p)).as("%s", p).isNotEmpty();
  }

  /**
   * The session JobManager's positional host: the 1.x script turns it into {@code --host}, which 1.x parses; on
   * 2.x it is a non-option that ends parsing (see the 2.x assumption in {@link Entrypoints}).
   */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void positionalHostOnASessionJobManagerWorksOnlyOn1x(FlinkVersion v) {
    Parsed p = Entrypoints.run(v, List.of("jobmanager", Pods.POD_IP, "-D", "kubernetes.namespace=" + Pods.NAMESPACE));
    if (v.major() < 2) {
      assertThat(sessionViolations(true, p)).as("%s", p).isEmpty();
    } else {
      assertThat(sessionViolations(true, p)).as("%s", p).isNotEmpty();
    }
  }
}
