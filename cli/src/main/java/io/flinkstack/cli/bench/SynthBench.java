package io.flinkstack.cli.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.cli.Folders;
import io.flinkstack.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.cdk8s.App;
import org.cdk8s.Chart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Synthesizes N FlinkApplications through cdk8s (what users run) and builds the same objects with fabric8
 * and writes them with Jackson YAML (the fastest plain path); both write one file per application.
 *
 * <p>Each measurement runs in a fresh JVM, as {@code flinkstack synth} does: JSII keeps every object a
 * JVM ever created alive, in Java and in Node, so rounds (or a warm-up) in one JVM slow the next ones
 * down. Only the Node process start (a fixed per-run cost, printed by the worker) is left out of the
 * timing. The median of the rounds is reported; the ratio is what cdk8s costs over plain serialization.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Time N FlinkApplications through flinkstack vs. fabric8 + Jackson YAML.")
public final class SynthBench implements Callable<Integer> {
  @Option(names = "--apps", defaultValue = "1000", description = "Applications to synthesize (default ${DEFAULT-VALUE}).")
  int apps;

  @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each path, each in a fresh JVM (default ${DEFAULT-VALUE}); the median is reported.")
  int rounds;

  @Option(names = "--worker", hidden = true, description = "Internal: time one path in this JVM and print seconds=X.")
  String worker;

  @Option(names = "--out", hidden = true, description = "Internal: where a worker writes.")
  Path workerOut;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (apps < 1 || rounds < 1) {
      spec.commandLine().getErr().println("flinkstack bench synth: --apps and --rounds must be 1 or more");
      return 2;
    }
    if (worker != null) {
      return runWorker(out);
    }
    Path work = Files.createTempDirectory("flinkstack-bench-");
    try {
      List<Double> flinkstack = new ArrayList<>();
      List<Double> baseline = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        baseline.add(child("baseline", work.resolve("baseline")));
        flinkstack.add(child("flinkstack", work.resolve("flinkstack")));
        out.printf("round %d: flinkstack_s=%.2f baseline_s=%.2f%n", r + 1, flinkstack.get(r), baseline.get(r));
        out.flush();
      }
      boolean identical = sameFiles(work.resolve("baseline"), work.resolve("flinkstack"));
      double f = median(flinkstack);
      double b = median(baseline);
      out.printf("identical_output=%s (each path in a fresh JVM, as `flinkstack synth` runs; JSII start not timed)%n", identical);
      out.printf("synth apps=%d flinkstack_s=%.2f baseline_s=%.2f ratio=%.2f%n", apps, f, b, f / b);
      out.flush();
      return identical ? 0 : 1;
    } finally {
      Folders.delete(work);
    }
  }

  private int runWorker(PrintWriter out) throws IOException {
    boolean cdk8s = worker.equals("flinkstack");
    if (cdk8s) {
      double start = timed(App::new); // starts the JSII Node process, once per JVM
      out.printf("jsii_start_s=%.2f%n", start);
    }
    double seconds = timed(() -> {
      if (cdk8s) {
        flinkstack(apps, workerOut);
      } else {
        baseline(apps, workerOut);
      }
    });
    out.printf("seconds=%.4f%n", seconds);
    out.flush();
    return 0;
  }

  private double child(String path, Path dir) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "bench", "synth", "--apps", Integer.toString(apps), "--worker", path, "--out", dir.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || !output.contains("seconds=")) {
      throw new IllegalStateException("benchmark worker failed:\n" + output);
    }
    String line = output.lines().filter(l -> l.startsWith("seconds=")).reduce((a, b) -> b).orElseThrow();
    return Double.parseDouble(line.substring("seconds=".length()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public static FlinkApplicationProps props(int i) {
    return FlinkApplicationProps.builder()
        .name("app-" + i)
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .taskManagers(1 + i % 4)
        .taskSlots(2)
        .parallelism(2 * (1 + i % 4))
        .jobManager(Resources.of("1024m", 1))
        .taskManager(Resources.of("2048m", 1))
        .flinkConfiguration(Map.of("pipeline.name", "app-" + i))
        .build();
  }

  private static void baseline(int n, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < n; i++) {
      String id = "app-" + i;
      List<HasMetadata> objects = ApplicationManifests.build(ClusterValidator.validate(props(i), id, () -> id));
      Files.writeString(dir.resolve(id + ".k8s.yaml"), PlainYaml.write(objects), StandardCharsets.UTF_8);
    }
  }

  private static void flinkstack(int n, Path dir) throws IOException {
    App app = new App();
    for (int i = 0; i < n; i++) {
      Chart chart = new Chart(app, "app-" + i);
      new FlinkApplication(chart, "app", props(i));
    }
    List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
    AppSynthesizer.write(manifests, dir);
  }

  private interface Step {
    void run() throws IOException;
  }

  private static double timed(Step step) throws IOException {
    long start = System.nanoTime();
    step.run();
    return seconds(start);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static boolean sameFiles(Path a, Path b) throws IOException {
    try (Stream<Path> files = Files.list(a)) {
      for (Path f : files.toList()) {
        Path other = b.resolve(f.getFileName());
        if (!Files.exists(other) || Files.mismatch(f, other) != -1) {
          return false;
        }
      }
    }
    return true;
  }

}
