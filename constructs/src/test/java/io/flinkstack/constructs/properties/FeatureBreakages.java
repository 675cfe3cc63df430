package io.flinkstack.constructs.properties;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.flinkstack.constructs.AutoscalingMetric;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.Placement;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.HpaAutoscaler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Ways to break exactly one production feature: HA, state storage, local recovery, autoscaling, exposure, extras. */
final class FeatureBreakages {
  private FeatureBreakages() {}

  static List<Arbitrary<Breakage>> all() {
    return List.of(highAvailability(), stateStorage(), localRecovery(), autoscaling(), exposure(), extras());
  }

  private static Arbitrary<Breakage> highAvailability() {
    Arbitrary<Breakage> standbyWithoutHa = Arbitraries.integers().between(2, 5).map(n -> Breakage.of(
        "jobManagerReplicas", "highAvailability(null).jobManagerReplicas(" + n + ")",
        b -> b.highAvailability(null).jobManagerReplicas(n)));
    Arbitrary<Breakage> noJobManager = Arbitraries.integers().between(-2, 0).map(n -> Breakage.of(
        "jobManagerReplicas", "jobManagerReplicas(" + n + ")", b -> b.jobManagerReplicas(n)));
    Arbitrary<Breakage> nowhereToWrite = Arbitraries.just(Breakage.of("highAvailability.storageDir",
        "stateStorage(null).highAvailability(HighAvailability.builder().build())",
        b -> b.stateStorage(null).highAvailability(HighAvailability.builder().build())));
    // A pod's own disk, or no URI at all: a standby JobManager could not read it.
    Arbitrary<Breakage> unreadableDir = Arbitraries.of("file:///tmp/ha", "file:///flink-statefoo/ha", "/ha", "bucket/ha",
            "s3://my bucket/ha")
        .map(dir -> Breakage.of("highAvailability.storageDir", "highAvailability(HighAvailability.kubernetes("
            + Java.string(dir) + "))", b -> b.highAvailability(HighAvailability.kubernetes(dir))));
    Arbitrary<Breakage> clusterId = Arbitraries.of("Payments_HA", "a".repeat(46), "-ha", "")
        .map(id -> haBreakage("highAvailability.clusterId", ".clusterId(" + Java.string(id) + ")",
            HighAvailability.builder().storageDir("s3://bucket/ha").clusterId(id).build()));
    Arbitrary<Breakage> attempts = Arbitraries.integers().between(-10, -1)
        .map(n -> haBreakage("highAvailability.restartAttempts", ".restartAttempts(" + n + ")",
            HighAvailability.builder().storageDir("s3://bucket/ha").restartAttempts(n).build()));
    Arbitrary<Breakage> delay = Arbitraries.of("soon", "", "10 parsecs", "1.5 s", "-10 s").injectNull(0.2)
        .map(d -> haBreakage("highAvailability.restartDelay", ".restartDelay(" + Java.string(d) + ")",
            HighAvailability.builder().storageDir("s3://bucket/ha").restartDelay(d).build()));
    return Arbitraries.oneOf(standbyWithoutHa, noJobManager, nowhereToWrite, unreadableDir, clusterId, attempts,
        delay);
  }

  private static Breakage haBreakage(String field, String builderCalls, HighAvailability ha) {
    return Breakage.of(field, "highAvailability(HighAvailability.builder().storageDir(\"s3://bucket/ha\")" + builderCalls
        + ".build())", b -> b.highAvailability(ha));
  }

  private static Arbitrary<Breakage> stateStorage() {
    Arbitrary<Breakage> notReadWriteMany = Arbitraries.of("ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany").injectNull(0.2)
        .map(mode -> storageBreakage("stateStorage.accessMode",
            "StateStorage.existingClaim(\"state\", " + Java.string(mode) + ")", StateStorage.existingClaim("state", mode)));
    Arbitrary<Breakage> claimName = Arbitraries.of("Flink_State", "-state", "")
        .map(claim -> storageBreakage("stateStorage.claimName",
            "StateStorage.existingClaim(" + Java.string(claim) + ", \"ReadWriteMany\")",
            StateStorage.existingClaim(claim, "ReadWriteMany")));
    Arbitrary<Breakage> size = Arbitraries.of("lots", "2G", "").injectNull(0.2)
        .map(s -> storageBreakage("stateStorage.size", "StateStorage.sharedVolume(" + Java.string(s) + ", null)",
            StateStorage.sharedVolume(s, null)));
    Arbitrary<Breakage> baseUri = Arbitraries.of("hdfs://namenode/flink", "ftp://host/flink", "bucket/flink",
            "file:///flink-state", "s3://my bucket/flink").injectNull(0.2)
        .map(uri -> storageBreakage("stateStorage.baseUri", "StateStorage.objectStore(" + Java.string(uri) + ")",
            StateStorage.objectStore(uri)));
    Arbitrary<Breakage> wrongKind = Arbitraries.of(
            new String[] {"gs://bucket/flink", "s3"}, new String[] {"s3://bucket/flink", "gcs"},
            new String[] {"abfss://c@acct.dfs.core.windows.net/flink", "s3"})
        .map(pair -> storageBreakage("stateStorage.credentials", "StateStorage.objectStore(" + Java.string(pair[0])
            + ", StorageCredentials." + pair[1] + "(...))", StateStorage.objectStore(pair[0], pair[1].equals("s3")
                ? StorageCredentials.s3("keys", "id", "secret") : StorageCredentials.gcs("keys", "key.json"))));
    Arbitrary<Breakage> secretName = Arbitraries.of("S3_Keys", "", "-keys")
        .map(secret -> storageBreakage("stateStorage.credentials.secretName", "StateStorage.objectStore(\"s3://b/f\","
            + " StorageCredentials.s3(" + Java.string(secret) + ", \"id\", \"secret\"))",
            StateStorage.objectStore("s3://b/f", StorageCredentials.s3(secret, "id", "secret"))));
    Arbitrary<Breakage> missingKey = Arbitraries.of("", " ").injectNull(0.3)
        .map(key -> storageBreakage("stateStorage.credentials", "StateStorage.objectStore(\"s3://b/f\","
            + " StorageCredentials.s3(\"keys\", \"id\", " + Java.string(key) + "))",
            StateStorage.objectStore("s3://b/f", StorageCredentials.s3("keys", "id", key))));
    Arbitrary<Breakage> account = Arbitraries.of("Payments", "ab", "a".repeat(25), "my-account").injectNull(0.2)
        .map(name -> storageBreakage("stateStorage.credentials.accountName",
            "StateStorage.objectStore(\"abfss://c@a.dfs.core.windows.net/f\", StorageCredentials.azure(\"keys\","
                + " \"key\", " + Java.string(name) + "))",
            StateStorage.objectStore("abfss://c@a.dfs.core.windows.net/f", StorageCredentials.azure("keys", "key", name))));
    return Arbitraries.oneOf(notReadWriteMany, claimName, size, baseUri, wrongKind, secretName, missingKey, account);
  }

  private static Breakage storageBreakage(String field, String code, StateStorage storage) {
    return Breakage.of(field, "stateStorage(" + code + ")", b -> b.stateStorage(storage));
  }

  private static Arbitrary<Breakage> localRecovery() {
    Arbitrary<Breakage> size = Arbitraries.of("big", "2G", "").injectNull(0.2)
        .map(s -> localRecoveryBreakage("localRecovery.size", ".size(" + Java.string(s) + ")",
            LocalRecovery.builder().size(s).build()));
    Arbitrary<Breakage> accessMode = Arbitraries.of("ReadWriteMany", "ReadOnlyMany", "").injectNull(0.2)
        .map(mode -> localRecoveryBreakage("localRecovery.accessMode", ".size(\"10Gi\").accessMode(" + Java.string(mode)
            + ")", LocalRecovery.builder().size("10Gi").accessMode(mode).build()));
    Arbitrary<Breakage> mountPath = Arbitraries.of("data", "/", "/opt/flink/state", "/tmp", "/data/", "/flink-state")
        .injectNull(0.2)
        .map(path -> localRecoveryBreakage("localRecovery.mountPath", ".size(\"10Gi\").mountPath(" + Java.string(path)
            + ")", LocalRecovery.builder().size("10Gi").mountPath(path).build()));
    return Arbitraries.oneOf(size, accessMode, mountPath);
  }

  private static Breakage localRecoveryBreakage(String field, String builderCalls, LocalRecovery lr) {
    return Breakage.of(field, "localRecovery(LocalRecovery.builder()" + builderCalls + ".build())",
        b -> b.localRecovery(lr));
  }

  private static Arbitrary<Breakage> autoscaling() {
    Arbitrary<Breakage> minAboveMax = Arbitraries.integers().between(2, 10).flatMap(min ->
        Arbitraries.integers().between(0, min - 1).map(max -> autoscalingBreakage("autoscaling.maxReplicas",
            ".minReplicas(" + min + ").maxReplicas(" + max + ")",
            HpaAutoscaler.builder().minReplicas(min).maxReplicas(max))));
    Arbitrary<Breakage> noMinimum = Arbitraries.integers().between(-2, 0).map(min -> autoscalingBreakage(
        "autoscaling.minReplicas", ".minReplicas(" + min + ").maxReplicas(4)",
        HpaAutoscaler.builder().minReplicas(min).maxReplicas(4)));
    Arbitrary<Integer> notPercent = Arbitraries.of(0, -5, 101, 1000);
    Arbitrary<Breakage> cpu = notPercent.map(p -> autoscalingBreakage("autoscaling.cpuUtilization",
        ".maxReplicas(4).cpuUtilization(" + p + ")", HpaAutoscaler.builder().maxReplicas(4).cpuUtilization(p)));
    Arbitrary<Breakage> memory = notPercent.map(p -> autoscalingBreakage("autoscaling.memoryUtilization",
        ".maxReplicas(4).memoryUtilization(" + p + ")",
        HpaAutoscaler.builder().maxReplicas(4).memoryUtilization(p)));
    Arbitrary<Breakage> noMetric = Arbitraries.just(autoscalingBreakage("autoscaling",
        ".maxReplicas(4).cpuUtilization(null)", HpaAutoscaler.builder().maxReplicas(4).cpuUtilization(null)));
    Arbitrary<Integer> badSeconds = Arbitraries.of(-1, 3601, Integer.MAX_VALUE);
    Arbitrary<Breakage> scaleUp = badSeconds.map(s -> autoscalingBreakage("autoscaling.scaleUpStabilizationSeconds",
        ".maxReplicas(4).scaleUpStabilizationSeconds(" + s + ")",
        HpaAutoscaler.builder().maxReplicas(4).scaleUpStabilizationSeconds(s)));
    Arbitrary<Breakage> scaleDown = badSeconds.map(s -> autoscalingBreakage(
        "autoscaling.scaleDownStabilizationSeconds", ".maxReplicas(4).scaleDownStabilizationSeconds(" + s + ")",
        HpaAutoscaler.builder().maxReplicas(4).scaleDownStabilizationSeconds(s)));
    Arbitrary<Breakage> nullMetric = Arbitraries.just(autoscalingBreakage("autoscaling.metrics",
        ".maxReplicas(4).metrics(Collections.singletonList(null))",
        HpaAutoscaler.builder().maxReplicas(4).metrics(Collections.singletonList(null))));
    Arbitrary<Breakage> metricName = Arbitraries.of("", "  ").injectNull(0.3).map(name -> autoscalingBreakage(
        "autoscaling.metrics", ".maxReplicas(4).metrics(List.of(AutoscalingMetric.pods(" + Java.string(name)
            + ", \"100\")))",
        HpaAutoscaler.builder().maxReplicas(4).metrics(List.of(AutoscalingMetric.pods(name, "100")))));
    Arbitrary<Breakage> metricValue = Arbitraries.of("lots", "1.5.5", "-1", "", "1e3", "100 m").injectNull(0.2)
        .map(value -> autoscalingBreakage("autoscaling.metrics", ".maxReplicas(4).metrics(List.of("
                + "AutoscalingMetric.external(\"lag\", Map.of(), " + Java.string(value) + ")))",
            HpaAutoscaler.builder().maxReplicas(4)
                .metrics(List.of(AutoscalingMetric.external("lag", Map.of(), value)))));
    return Arbitraries.oneOf(minAboveMax, noMinimum, cpu, memory, noMetric, scaleUp, scaleDown, nullMetric,
        metricName, metricValue);
  }

  private static Breakage autoscalingBreakage(String field, String builderCalls, HpaAutoscaler.Builder a) {
    HpaAutoscaler autoscaling = a.build();
    return Breakage.of(field, "autoscaling(HpaAutoscaler.builder()" + builderCalls + ".build())",
        b -> b.autoscaling(autoscaling));
  }

  private static Arbitrary<Breakage> exposure() {
    Arbitrary<Breakage> host = Arbitraries.of("Flink.Example.com", "flink_example", "", "*.", "flink..example.com")
        .injectNull(0.2).map(h -> Breakage.of("restIngress.host", "restIngress(RestIngress.builder().host("
            + Java.string(h) + ").build())", b -> b.restIngress(RestIngress.builder().host(h).protectedBy(RestProtection.unauthenticated()).build())));
    Arbitrary<Breakage> path = Arbitraries.of("flink", "", "ui/").injectNull(0.2)
        .map(p -> Breakage.of("restIngress.path", "restIngress(RestIngress.builder().host(\"flink.example.com\").path("
            + Java.string(p) + ").build())",
            b -> b.restIngress(RestIngress.builder().host("flink.example.com").path(p)
                .protectedBy(RestProtection.unauthenticated()).build())));
    Arbitrary<Breakage> tls = Arbitraries.of("Flink_TLS", "", "-tls")
        .map(t -> Breakage.of("restIngress.tlsSecretName", "restIngress(RestIngress.builder()"
                + ".host(\"flink.example.com\").tlsSecretName(" + Java.string(t) + ").build())",
            b -> b.restIngress(RestIngress.builder().host("flink.example.com").tlsSecretName(t)
                .protectedBy(RestProtection.unauthenticated()).build())));
    Arbitrary<String> badCidr = Arbitraries.of("10.0.0.0", "not-a-cidr", "10.0.0.0/333", "");
    Arbitrary<Breakage> restCidr = badCidr.map(c -> Breakage.of("restAccess", "restAccess(List.of("
        + "NetworkAccess.sameNamespace(), NetworkAccess.cidr(" + Java.string(c) + ")))",
        b -> b.restAccess(List.of(NetworkAccess.sameNamespace(), NetworkAccess.cidr(c)))));
    Arbitrary<Breakage> metricsNull = Arbitraries.just(Breakage.of("metricsAccess",
        "metricsAccess(Collections.singletonList(null))", b -> b.metricsAccess(Collections.singletonList(null))));
    Arbitrary<Breakage> priorityClass = Arbitraries.of("Streaming_Critical", "-critical")
        .map(p -> Breakage.of("placement.priorityClassName", "placement(Placement.builder().priorityClassName("
            + Java.string(p) + ").build())", b -> b.placement(Placement.builder().priorityClassName(p).build())));
    return Arbitraries.oneOf(host, path, tls, restCidr, metricsNull, priorityClass);
  }

  private static Arbitrary<Breakage> extras() {
    Arbitrary<Breakage> envName = Arbitraries.of("1VAR", "MY VAR", "", "ÄRGER", "A=B").injectNull(0.1)
        .map(name -> {
          Map<String, String> env = new HashMap<>();
          env.put(name, "x");
          return Breakage.of("env", "env(Map.of(" + Java.string(name) + ", \"x\"))", b -> b.env(env));
        });
    Arbitrary<Breakage> envValue = Arbitraries.just(Breakage.of("env", "env(Map.of(\"MODE\", null))", b -> {
      Map<String, String> env = new HashMap<>();
      env.put("MODE", null);
      return b.env(env);
    }));
    Arbitrary<Breakage> sidecar = Arbitraries.of("jobmanager", "taskmanager", "Log_Shipper", "").injectNull(0.2)
        .map(name -> {
          Container container = new ContainerBuilder().withName(name).withImage("busybox").build();
          return Breakage.of("sidecars", "sidecars(List.of(new ContainerBuilder().withName(" + Java.string(name)
              + ").withImage(\"busybox\").build()))", b -> b.sidecars(List.of(container)));
        });
    Arbitrary<Breakage> volume = Arbitraries.of("tmp", "log", "flink-config", "Data").injectNull(0.2)
        .map(name -> {
          Volume v = new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
          return Breakage.of("volumes", "volumes(List.of(new VolumeBuilder().withName(" + Java.string(name)
              + ").withNewEmptyDir().endEmptyDir().build()))", b -> b.volumes(new ArrayList<>(List.of(v))));
        });
    return Arbitraries.oneOf(envName, envValue, sidecar, volume);
  }
}
