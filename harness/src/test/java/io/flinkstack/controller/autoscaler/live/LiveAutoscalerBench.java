package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.harness.LocalFlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The live half of {@code ./flinkstack bench autoscaler}: starts a local Flink cluster (adaptive scheduler,
 * 1 TaskManager × 4 slots) from the Flink jars on {@code java.class.path}, runs {@link LiveAutoscalerRun} in act
 * mode, prints its steps and as last line {@code live steps_to_converge=K converged=true|false}. Exit 0 when
 * converged. Run with the harness module's test classpath (Flink, testjob, the controller's and harness' classes):
 * {@code java -cp <that> io.flinkstack.controller.autoscaler.live.LiveAutoscalerBench [work-dir]}.
 */
public final class LiveAutoscalerBench {
  private LiveAutoscalerBench() {}

  /** The cluster settings the live scenario needs: adaptive scheduler, 4 slots, Flink's metrics fetched every second. */
  public static LocalFlinkCluster.Builder configure(LocalFlinkCluster.Builder builder) {
    return builder.adaptiveScheduler().taskManagers(1).slotsPerTaskManager(4)
        .config("metrics.fetcher.update-interval", "1000");
  }

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinkstack-bench-autoscaler-");
    // Flink's jars from java.class.path, without the controller's own libraries and flinkstack's modules.
    List<Path> flinkJars = io.flinkstack.controller.testing.FlinkTestClasspath.jars();
    LiveAutoscalerRun.Result result;
    try (LocalFlinkCluster cluster = configure(LocalFlinkCluster.builder(flinkJars).workDirectory(work.resolve("cluster"))
        .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))).start()) {
      System.out.println("LIVE: a local Flink " + cluster.flinkVersion() + " cluster (adaptive scheduler, 1 TaskManager × 4"
          + " slots), BottleneckJob, the live autoscaler (REST metrics → DS2 decision → PUT resource-requirements)");
      result = LiveAutoscalerRun.run(cluster.client(), work.resolve("run"), AutoscalerDeclaration.MODE_ACT, 4,
          Duration.ofMinutes(4), null, null, System.out::println);
    }
    System.out.println("live steps_to_converge=" + result.stepsToConverge() + " converged=" + result.converged());
    System.exit(result.converged() ? 0 : 1);
  }
}
