package io.flinkstack.constructs.properties;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Ways to break exactly one property of a valid application: identity, job, capacity, resources,
 * configuration. Feature properties are in {@link FeatureBreakages}. Each names the field validation must blame.
 */
final class Breakages {
  private Breakages() {}

  /** Every breakage that applies to {@code app}. */
  static Arbitrary<Breakage> of(ValidApplication app) {
    List<Arbitrary<Breakage>> all = new ArrayList<>(List.of(
        identity(), job(app), capacity(app), resources(), configuration(app)));
    all.addAll(FeatureBreakages.all());
    return Arbitraries.oneOf(all);
  }

  // No input here contains a line break: a message quoting one would span two lines (see the report).
  private static Arbitrary<Breakage> identity() {
    Arbitrary<Breakage> name = Arbitraries.of("Payments", "my_app", "-app", "app-", "a".repeat(41), "", "wörd", "a.b")
        .map(n -> Breakage.of("name", "name(" + Java.string(n) + ")", b -> b.name(n)));
    Arbitrary<Breakage> version = Arbitraries.of("1.15", "3.0", "latest", "", "1", "2.9", "flink-1.20", "0.9")
        .map(v -> Breakage.of("flinkVersion", "flinkVersion(" + Java.string(v) + ")", b -> b.flinkVersion(v)));
    Arbitrary<Breakage> image = Arbitraries.of("", "   ", "flink: 2.1", " flink:2.1", "flink:2.1\t")
        .injectNull(0.2)
        .map(i -> Breakage.of("image", "image(" + Java.string(i) + ")", b -> b.image(i)));
    Arbitrary<Breakage> pullSecret = Arbitraries.of("Registry_Key", "", "-key")
        .map(s -> Breakage.of("imagePullSecrets", "imagePullSecrets(List.of(\"ok\", " + Java.string(s) + "))",
            b -> b.imagePullSecrets(List.of("ok", s))));
    return Arbitraries.oneOf(name, version, image, pullSecret);
  }

  private static Arbitrary<Breakage> job(ValidApplication app) {
    Arbitrary<Breakage> missingJar = Arbitraries.of("", "  ").injectNull(0.3)
        .map(j -> Breakage.of("jarUri", "jarUri(" + Java.string(j) + ")", b -> b.jarUri(j)));
    Arbitrary<Breakage> badJar = Arbitraries.of("ftp://host/job.jar", "mailto:job.jar", "jar:file:/job.jar",
            "/opt/flink/usrlib/job.jar", "local:///opt/flink/usrlib/job.zip", "local://opt/flink/usrlib/job.jar",
            "local:opt/job.jar", "local:///opt/my job.jar", "s3://bucket/job jar.jar")
        .map(j -> Breakage.of("jarUri", "jarUri(" + Java.string(j) + ")", b -> b.jarUri(j)));
    // Before 1.19 the entrypoint cannot fetch a jar (no --jars): remote URIs and paths outside usrlib are refused.
    Arbitrary<Breakage> jarTooNew = Arbitraries.of("s3://bucket/job.jar", "https://repo.example.com/job.jar",
            "local:///opt/flink/examples/job.jar")
        .flatMap(j -> Arbitraries.of(Arrays.stream(FlinkVersion.values()).filter(v -> !v.fetchesJobJars()).toList())
            .map(v -> Breakage.of("jarUri",
            "flinkVersion(FlinkVersion." + v.name() + ").jarUri(" + Java.string(j) + ")",
            b -> b.flinkVersion(v).jarUri(j))));
    Arbitrary<Breakage> entryClass = Arbitraries.of("com.example.", "1Job", "com..Job", "my-job.Main", "",
            "com.example.Job class")
        .map(c -> Breakage.of("entryClass", "entryClass(" + Java.string(c) + ")", b -> b.entryClass(c)));
    Arbitrary<Breakage> nullArg = Arbitraries.integers().between(0, 2).map(at -> {
      List<String> args = new ArrayList<>(List.of("--input", "s3://in", "--output"));
      args.set(at, null);
      return Breakage.of("args", "args(Arrays.asList(" + String.join(", ", args.stream().map(Java::string).toList())
          + "))", b -> b.args(args));
    });
    return Arbitraries.oneOf(missingJar, badJar, jarTooNew, entryClass, nullArg);
  }

  private static Arbitrary<Breakage> capacity(ValidApplication app) {
    Arbitrary<Breakage> tooParallel = Arbitraries.integers().between(1, 1000).map(extra -> app.slots() + extra)
        .map(p -> Breakage.of("parallelism", "parallelism(" + p + ")", b -> b.parallelism(p)));
    Arbitrary<Breakage> noParallelism = Arbitraries.integers().between(-5, 0)
        .map(p -> Breakage.of("parallelism", "parallelism(" + p + ")", b -> b.parallelism(p)));
    Arbitrary<Breakage> noTaskManagers = Arbitraries.integers().between(-3, 0)
        .map(n -> Breakage.of("taskManagers", "taskManagers(" + n + ")", b -> b.taskManagers(n)));
    Arbitrary<Breakage> noSlots = Arbitraries.integers().between(-3, 0)
        .map(n -> Breakage.of("taskSlots", "taskSlots(" + n + ")", b -> b.taskSlots(n)));
    Arbitrary<Breakage> badNodePort = Arbitraries.of(-1, 0, 80, 8081, 29999, 32768, 65535)
        .map(p -> Breakage.of("restService", "restService(RestService.nodePort(" + p + "))",
            b -> b.restService(RestService.nodePort(p).protectedBy(RestProtection.unauthenticated()))
                .restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8")))));
    return Arbitraries.oneOf(tooParallel, noParallelism, noTaskManagers, noSlots, badNodePort);
  }

  private static Arbitrary<Breakage> resources() {
    // Unparseable: Kubernetes' decimal units (ambiguous), fractions, words, overflow.
    Arbitrary<String> unparseable = Arbitraries.of("2G", "500M", "1T", "1.5g", "two gigs", "", "  ", "-1m", "2 GiB",
        "1e9", "0x100m", "9999999999999999m", "999999999999999t", "1g 2m");
    // Too small for Flink's memory model: the JobManager needs 577 MiB, the TaskManager 984 MiB.
    Arbitrary<String> tinyJobManager = Arbitraries.longs().between(0, 576)
        .flatMap(mib -> PropsValues.memorySpellings(mib * PropsValues.MI));
    Arbitrary<String> tinyTaskManager = Arbitraries.longs().between(0, 900)
        .flatMap(mib -> PropsValues.memorySpellings(mib * PropsValues.MI));
    Arbitrary<Double> badCpu = Arbitraries.of(0.0, -1.0, 0.0001, 1.2345, Double.NaN, Double.POSITIVE_INFINITY);
    return Arbitraries.oneOf(
        unparseable.injectNull(0.1).map(m -> Breakage.of("jobManager.memory",
            "jobManager(Resources.of(" + Java.string(m) + ", 1))", b -> b.jobManager(Resources.of(m, 1)))),
        unparseable.map(m -> Breakage.of("taskManager.memory",
            "taskManager(Resources.of(" + Java.string(m) + ", 1))", b -> b.taskManager(Resources.of(m, 1)))),
        tinyJobManager.map(m -> Breakage.of("jobManager.memory",
            "jobManager(Resources.of(" + Java.string(m) + ", 1))", b -> b.jobManager(Resources.of(m, 1)))),
        tinyTaskManager.map(m -> Breakage.of("taskManager.memory",
            "taskManager(Resources.of(" + Java.string(m) + ", 1))", b -> b.taskManager(Resources.of(m, 1)))),
        badCpu.map(c -> Breakage.of("jobManager.cpu", "jobManager(Resources.of(\"2g\", " + c + "))",
            b -> b.jobManager(Resources.of("2g", c)))),
        badCpu.map(c -> Breakage.of("taskManager.cpu", "taskManager(Resources.of(\"2g\", " + c + "))",
            b -> b.taskManager(Resources.of("2g", c)))),
        Arbitraries.of("jobManager", "taskManager").map(field -> Breakage.of(field, field + "(null)",
            b -> field.equals("jobManager") ? b.jobManager(null) : b.taskManager(null))),
        Arbitraries.of("", "  \n").map(l -> Breakage.of("logConfiguration", "logConfiguration(" + Java.string(l) + ")",
            b -> b.logConfiguration(l))));
  }

  private static Arbitrary<Breakage> configuration(ValidApplication app) {
    Arbitrary<String> derived = Arbitraries.of("parallelism.default", "taskmanager.numberOfTaskSlots",
        "jobmanager.memory.process.size", "taskmanager.memory.process.size", "rest.port", "jobmanager.rpc.address",
        "jobmanager.rpc.port", "blob.server.port", "taskmanager.rpc.port");
    Arbitrary<String> secretLooking = Arbitraries.of("s3.secret-key", "s3.access-key", "fs.s3a.access.key",
        "fs.azure.account.key.acct.dfs.core.windows.net", "security.ssl.keystore-password", "custom.api-token",
        "my.Credentials.file");
    Arbitrary<String> notAKey = Arbitraries.of("", " ", "my key", "key\twith tab").injectNull(0.2);
    Arbitrary<String> localCheckpoints = Arbitraries.of("state.checkpoints.dir", "state.savepoints.dir",
        "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");
    String localRecoveryKey = app.version().isAtLeast(FlinkVersion.V2_0)
        ? "execution.checkpointing.local-backup.enabled" : "state.backend.local-recovery";
    return Arbitraries.oneOf(
        derived.map(key -> configBreakage(app, "flinkConfiguration." + key, key, "1")),
        secretLooking.map(key -> configBreakage(app, "flinkConfiguration." + key, key, "s3cr3t")),
        notAKey.map(key -> configBreakage(app, "flinkConfiguration", key, "x")),
        Arbitraries.just(configBreakage(app, "flinkConfiguration.custom.unset", "custom.unset", null)),
        localCheckpoints.map(key -> configBreakage(app, "flinkConfiguration." + key, key, "file:///tmp/checkpoints")),
        Arbitraries.just(Breakage.of("flinkConfiguration." + localRecoveryKey,
            "localRecovery(null).flinkConfiguration(... " + localRecoveryKey + "=true)",
            b -> b.localRecovery(null).flinkConfiguration(app.configurationWith(localRecoveryKey, "true")))),
        // The legacy flink-conf.yaml is read line by line, cut at '#' and line ends, and trimmed.
        Arbitraries.of("a # b", "#", "line\nbreak", "a\rb", " padded", "padded ", "").map(value -> Breakage.of("flinkConfiguration.custom.note",
            "flinkVersion(\"1.18\").flinkConfiguration(... custom.note=" + Java.string(value) + ")",
            b -> b.flinkVersion("1.18").flinkConfiguration(app.configurationWith("custom.note", value)))));
  }

  private static Breakage configBreakage(ValidApplication app, String field, String key, String value) {
    return Breakage.of(field, "flinkConfiguration(... " + Java.string(key) + "=" + Java.string(value) + ")",
        b -> b.flinkConfiguration(app.configurationWith(key, value)));
  }
}
