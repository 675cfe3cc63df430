package io.flinkstack.e2e.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.RestoreState;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver the runtime controller writes into an application's restore ConfigMap ({@link RestoreState#resolverSource}),
 * run as a JobManager's start script runs it: the JDK's source launcher on the newest version's own Flink jars, with a
 * Flink configuration directory. In {@code latest} mode (an application without HA, at every JobManager start) it reads
 * the checkpoint directory from that configuration and names the highest-numbered completed {@code chk-<n>} in the
 * directories there of the deployment's jobs (ids beginning with its 24 digits), or nothing; in directory mode (a lost stop's savepoint) it refuses to answer without one.
 */
class ResolveSavepointTest {
  private static final FlinkVersion VERSION = Arrays.stream(FlinkVersion.values()).max(Comparator.naturalOrder()).orElseThrow();
  /** The first 24 digits of a deployment's job ids. */
  private static final String DEPLOYMENT = "0123456789abcdef01234567";
  private static Path resolver;
  private static String classpath;

  @TempDir static Path dir;

  @BeforeAll
  static void source() throws Exception {
    resolver = Files.writeString(dir.resolve(RestoreState.RESOLVER_KEY), RestoreState.resolverSource());
    classpath = FlinkDistribution.jars(VERSION).stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:-UsePerfData", "-cp", classpath, resolver.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path conf(String name, String checkpointDirectory) throws Exception {
    Path conf = Files.createDirectories(dir.resolve(name));
    Files.writeString(conf.resolve("config.yaml"), checkpointDirectory == null ? "parallelism.default: 1\n"
        : "execution.checkpointing.dir: " + checkpointDirectory + "\n");
    return conf;
  }

  private static void checkpoint(Path job, String name, boolean completed, Instant modified) throws Exception {
    Path checkpoint = Files.createDirectories(job.resolve(name));
    if (completed) {
      Files.writeString(checkpoint.resolve("_metadata"), "m");
    }
    Files.setLastModifiedTime(checkpoint, FileTime.from(modified));
  }

  @Test
  void latestNamesTheHighestNumberedCompletedCheckpointOfTheDeploymentsJobsInTheConfiguredDirectory() throws Exception {
    Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
    Instant now = Instant.parse("2026-12-08T02:00:00Z");
    // The deployment's first start's job, then its second's (restored from chk-5, it numbers on from there).
    Path first = Files.createDirectories(checkpoints.resolve(DEPLOYMENT + "0a0a0a0a"));
    checkpoint(first, "chk-4", true, now.minusSeconds(90));
    checkpoint(first, "chk-5", true, now.minusSeconds(60));
    Path second = Files.createDirectories(checkpoints.resolve(DEPLOYMENT + "0b0b0b0b"));
    checkpoint(second, "chk-9", true, now);
    checkpoint(second, "chk-10", true, now.minusSeconds(30));
    checkpoint(second, "chk-11", false, now.plusSeconds(30)); // in flight when the JobManager went: no _metadata
    Files.createDirectories(second.resolve("shared"));
    // Another deployment's job, further on: not this deployment's state.
    checkpoint(Files.createDirectories(checkpoints.resolve("fedcba9876543210fedcba98" + "0c0c0c0c")), "chk-99", true, now);
    Path conf = conf("conf", checkpoints.toUri().toString());

    Run found = run(DEPLOYMENT, conf.toString(), "latest");
    assertThat(found.exit()).as(found.err()).isZero();
    assertThat(found.out().lines().filter(line -> line.contains("flinkstack-savepoint: ")).toList()).singleElement()
        .satisfies(line -> assertThat(line).endsWith("/" + DEPLOYMENT + "0b0b0b0b/chk-10"));

    Run fresh = run("00112233445566778899aabb", conf.toString(), "latest");
    assertThat(fresh.exit()).as("a deployment's first start: " + fresh.err()).isZero();
    assertThat(fresh.out()).doesNotContain("flinkstack-savepoint");

    Run unconfigured = run(DEPLOYMENT, conf("bare", null).toString(), "latest");
    assertThat(unconfigured.exit()).as(unconfigured.err()).isZero();
    assertThat(unconfigured.out()).doesNotContain("flinkstack-savepoint");
  }

  @Test
  void directoryModeStillRefusesToAnswerWithoutASavepoint() throws Exception {
    Path stop = Files.createDirectories(dir.resolve("stop-1"));
    Run none = run(stop.toUri().toString(), conf("conf-2", null).toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("no savepoint");
  }
}
