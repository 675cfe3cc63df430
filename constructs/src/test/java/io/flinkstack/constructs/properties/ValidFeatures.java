package io.flinkstack.constructs.properties;

import static io.flinkstack.constructs.properties.ValidApplications.maybe;

import io.flinkstack.constructs.AutoscalingMetric;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.HpaAutoscaler;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Valid production features: autoscaling, and state storage with HA and local recovery. */
final class ValidFeatures {
  /** An autoscaling call and the most TaskManagers it allows, which bounds parallelism. */
  record Autoscaling(PropsCall call, int maxReplicas) {}

  /** Where state goes, as far as HA's storage directory cares. */
  private record Storage(List<PropsCall> calls, String objectStoreScheme, boolean sharedVolume) {}

  private static final Map<String, StorageCredentials.Kind> CREDENTIALS_OF_SCHEME = Map.of(
      "s3", StorageCredentials.Kind.S3, "s3a", StorageCredentials.Kind.S3, "s3p", StorageCredentials.Kind.S3,
      "gs", StorageCredentials.Kind.GCS,
      "abfs", StorageCredentials.Kind.AZURE, "abfss", StorageCredentials.Kind.AZURE,
      "wasb", StorageCredentials.Kind.AZURE, "wasbs", StorageCredentials.Kind.AZURE);

  private ValidFeatures() {}

  static Arbitrary<Autoscaling> autoscaling() {
    Arbitrary<Integer> min = Arbitraries.integers().between(1, 5);
    Arbitrary<Integer> extra = Arbitraries.integers().between(0, 10);
    Arbitrary<Integer> percent = Arbitraries.integers().between(1, 100);
    Arbitrary<Integer> seconds = Arbitraries.integers().between(0, 3600);
    Arbitrary<List<AutoscalingMetric>> metrics = metric().list().ofMaxSize(2);
    return Combinators.combine(min, extra, percent.injectNull(0.3), percent.injectNull(0.7), seconds, seconds,
            metrics)
        .as((lo, more, cpu, memory, up, down, custom) -> {
          // Without any metric the HPA could not scale: keep the CPU target then.
          Integer cpuTarget = cpu == null && memory == null && custom.isEmpty() ? Integer.valueOf(60) : cpu;
          HpaAutoscaler scaler = HpaAutoscaler.builder().minReplicas(lo).maxReplicas(lo + more)
              .cpuUtilization(cpuTarget).memoryUtilization(memory).scaleUpStabilizationSeconds(up)
              .scaleDownStabilizationSeconds(down).metrics(custom).build();
          String code = String.format("autoscaling(HpaAutoscaler.builder().minReplicas(%d).maxReplicas(%d)"
                  + ".cpuUtilization(%s).memoryUtilization(%s).scaleUpStabilizationSeconds(%d)"
                  + ".scaleDownStabilizationSeconds(%d).metrics(%s).build())",
              lo, lo + more, cpuTarget, memory, up, down, custom.stream().map(ValidFeatures::metricCode).toList());
          return new Autoscaling(PropsCall.of(code, b -> b.autoscaling(scaler)), lo + more);
        });
  }

  private static Arbitrary<AutoscalingMetric> metric() {
    Arbitrary<String> name = Arbitraries.of("kafka_consumergroup_lag", "flink_taskmanager_job_task_busyTimeMsPerSecond",
        "records-lag-max");
    Arbitrary<String> quantity = Combinators.combine(Arbitraries.integers().between(0, 100000),
            Arbitraries.of("", ".5", ".25"), Arbitraries.of("", "m", "k", "M", "G", "Ki", "Mi"))
        .as((whole, fraction, suffix) -> whole + fraction + suffix);
    return Arbitraries.oneOf(
        Combinators.combine(name, quantity).as(AutoscalingMetric::pods),
        Combinators.combine(name, PropsValues.labels(), quantity).as(AutoscalingMetric::external));
  }

  private static String metricCode(AutoscalingMetric m) {
    return m.getSource() == AutoscalingMetric.Source.PODS
        ? "AutoscalingMetric.pods(" + Java.string(m.getName()) + ", " + Java.string(m.getAverageValue()) + ")"
        : "AutoscalingMetric.external(" + Java.string(m.getName()) + ", " + Java.map(m.getSelector()) + ", "
            + Java.string(m.getAverageValue()) + ")";
  }

  /** State storage, HA (with standby JobManagers) that can write where the storage allows, local recovery. */
  static Arbitrary<List<PropsCall>> durability() {
    return Combinators.combine(storage(), highAvailability(), maybe(localRecovery())).as((storage, ha, lr) -> {
      List<PropsCall> calls = new ArrayList<>(storage.calls());
      ha.forStorage(storage).ifPresent(calls::addAll);
      calls.addAll(lr);
      return calls;
    });
  }

  private static Arbitrary<Storage> storage() {
    Arbitrary<Storage> objectStore = Combinators.combine(Arbitraries.of(List.copyOf(CREDENTIALS_OF_SCHEME.keySet())),
            PropsValues.objectStoreUriParts(), credentials())
        .as((scheme, uriParts, anyCredentials) -> {
          String uri = uriParts.uri(scheme);
          Coded<StorageCredentials> credentials = anyCredentials.get(CREDENTIALS_OF_SCHEME.get(scheme));
          StateStorage storage = credentials == null ? StateStorage.objectStore(uri)
              : StateStorage.objectStore(uri, credentials.value());
          String code = credentials == null ? "StateStorage.objectStore(" + Java.string(uri) + ")"
              : "StateStorage.objectStore(" + Java.string(uri) + ", " + credentials.code() + ")";
          return new Storage(List.of(stateStorage(code, storage)), scheme, false);
        });
    Arbitrary<Storage> newVolume = Combinators.combine(
            PropsValues.memory(1024, 1024 * 1024), PropsValues.dnsSubdomains().injectNull(0.5))
        .as((size, storageClass) -> new Storage(List.of(stateStorage(
            "StateStorage.sharedVolume(" + Java.string(size) + ", " + Java.string(storageClass) + ")",
            StateStorage.sharedVolume(size, storageClass))), null, true));
    Arbitrary<Storage> existingClaim = PropsValues.dnsSubdomains().map(claim -> new Storage(List.of(stateStorage(
        "StateStorage.existingClaim(" + Java.string(claim) + ", \"ReadWriteMany\")",
        StateStorage.existingClaim(claim, "ReadWriteMany"))), null, true));
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(new Storage(List.of(), null, false))),
        Tuple.of(4, objectStore), Tuple.of(1, newVolume), Tuple.of(1, existingClaim));
  }

  private static PropsCall stateStorage(String code, StateStorage storage) {
    return PropsCall.of("stateStorage(" + code + ")", b -> b.stateStorage(storage));
  }

  /** Credentials of each kind, any of them null (workload identity); the store's scheme picks one. */
  private static Arbitrary<Map<StorageCredentials.Kind, Coded<StorageCredentials>>> credentials() {
    Arbitrary<String> secret = PropsValues.dnsSubdomains();
    Arbitrary<String> key = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '.', '_').ofMinLength(1)
        .ofMaxLength(20);
    Arbitrary<String> account = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(3)
        .ofMaxLength(24);
    return Combinators.combine(secret, key, key, account, Arbitraries.of(true, false))
        .as((s, first, second, acct, withCredentials) -> {
          Map<StorageCredentials.Kind, Coded<StorageCredentials>> byKind = new EnumMap<>(StorageCredentials.Kind.class);
          if (withCredentials) {
            byKind.put(StorageCredentials.Kind.S3, new Coded<>(StorageCredentials.s3(s, first, second),
                "StorageCredentials.s3(" + Java.string(s) + ", " + Java.string(first) + ", " + Java.string(second) + ")"));
            byKind.put(StorageCredentials.Kind.GCS, new Coded<>(StorageCredentials.gcs(s, first),
                "StorageCredentials.gcs(" + Java.string(s) + ", " + Java.string(first) + ")"));
            byKind.put(StorageCredentials.Kind.AZURE, new Coded<>(StorageCredentials.azure(s, first, acct),
                "StorageCredentials.azure(" + Java.string(s) + ", " + Java.string(first) + ", " + Java.string(acct) + ")"));
          }
          return byKind;
        });
  }

  /** HA settings whose storage directory is chosen once the state storage is known. */
  private record HaChoice(int dirChoice, PropsValues.UriParts dirParts, String scheme, String clusterId,
      int restartAttempts, String restartDelay, int jobManagers, boolean enabled) {

    /**
     * The HA calls for {@code storage}: the directory defaults under the state storage, or is given explicitly
     * on the state storage's object store or shared volume, or, without state storage, on any object store.
     */
    Optional<List<PropsCall>> forStorage(Storage storage) {
      if (!enabled) {
        return Optional.empty();
      }
      boolean defaultDir = dirChoice == 0 && (storage.objectStoreScheme() != null || storage.sharedVolume());
      String dir = defaultDir ? null
          : storage.sharedVolume() ? "file://" + StateStorage.SHARED_MOUNT_PATH + "/" + dirParts.path()
          : dirParts.uri(dirChoice == 1 && storage.objectStoreScheme() != null ? storage.objectStoreScheme() : scheme);
      HighAvailability ha = HighAvailability.builder().storageDir(dir).clusterId(clusterId).restartAttempts(restartAttempts)
          .restartDelay(restartDelay).build();
      return Optional.of(List.of(
          PropsCall.of(String.format("highAvailability(HighAvailability.builder().storageDir(%s).clusterId(%s)"
                  + ".restartAttempts(%d).restartDelay(%s).build())",
              Java.string(dir), Java.string(clusterId), restartAttempts, Java.string(restartDelay)),
              b -> b.highAvailability(ha)),
          PropsCall.of("jobManagerReplicas(" + jobManagers + ")", b -> b.jobManagerReplicas(jobManagers))));
    }
  }

  private static Arbitrary<HaChoice> highAvailability() {
    Arbitrary<Integer> dirChoice = Arbitraries.integers().between(0, 2);
    Arbitrary<String> scheme = Arbitraries.of(List.copyOf(CREDENTIALS_OF_SCHEME.keySet()));
    Arbitrary<String> clusterId = PropsValues.dnsLabels(45).injectNull(0.5);
    Arbitrary<Integer> attempts = Arbitraries.integers().between(0, 1000);
    Arbitrary<String> delay = Arbitraries.of("10 s", "500 ms", "1 min", "30s", "2 h", "1 d", "100", "5 minutes");
    Arbitrary<Integer> replicas = Arbitraries.integers().between(1, 3);
    return Combinators.combine(dirChoice, PropsValues.objectStoreUriParts(), scheme, clusterId, attempts, delay,
            replicas, Arbitraries.of(true, false))
        .as(HaChoice::new);
  }

  private static Arbitrary<PropsCall> localRecovery() {
    Arbitrary<String> size = PropsValues.memory(1024, 1024 * 1024);
    Arbitrary<String> storageClass = PropsValues.dnsSubdomains().injectNull(0.5);
    Arbitrary<String> accessMode = Arbitraries.of("ReadWriteOnce", "ReadWriteOncePod");
    // Not /flink-state: with a shared state volume both would mount there, which validation does not refuse
    // yet (see the report).
    Arbitrary<String> mountPath = Arbitraries.of(LocalRecovery.DEFAULT_MOUNT_PATH, "/data",
        "/var/lib/flink", "/mnt/local-state");
    return Combinators.combine(size, storageClass, accessMode, mountPath).as((s, c, a, m) -> PropsCall.of(
        String.format("localRecovery(LocalRecovery.builder().size(%s).storageClass(%s).accessMode(%s)"
            + ".mountPath(%s).build())", Java.string(s), Java.string(c), Java.string(a), Java.string(m)),
        b -> b.localRecovery(LocalRecovery.builder().size(s).storageClass(c).accessMode(a).mountPath(m)
            .build())));
  }
}
