package io.flinkstack.constructs.properties;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.Scheduler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Arbitrary valid {@code FlinkApplicationProps}: every property the construct documents, combined so that
 * the result must resolve (parallelism within the slots, HA with somewhere to write, credentials that match
 * the store, version-dependent jars and configuration). Generated as builder calls, so a failing sample
 * prints as the Java that reproduces it.
 */
final class ValidApplications {
  /** What the capacity calls allow the job: the slots parallelism is checked against. */
  record Capacity(List<PropsCall> calls, int slots) {}

  private ValidApplications() {}

  /** One arbitrary per version, picked uniformly: version-dependent parts need no arbitrary per sample. */
  static Arbitrary<ValidApplication> all() {
    return Arbitraries.oneOf(Arrays.stream(FlinkVersion.values()).map(ValidApplications::of).toList());
  }

  private static Arbitrary<ValidApplication> of(FlinkVersion version) {
    return Combinators.combine(
                identity(version), capacity(), resources(), ValidFeatures.durability(), ValidSurroundings.exposure(),
                ValidSurroundings.placementAndExtras(), FlinkConfigurations.harmless(version))
            .as((identity, capacity, resources, durability, exposure, extras, config) -> {
              List<PropsCall> calls = new ArrayList<>(identity);
              calls.addAll(capacity.calls());
              calls.addAll(resources);
              calls.addAll(durability);
              calls.addAll(exposure);
              calls.addAll(extras);
              return new ValidApplication(version, capacity.slots(), config, List.copyOf(calls));
            });
  }

  /** Version, name, image and the job: jar, entry class, arguments. */
  static Arbitrary<List<PropsCall>> identity(FlinkVersion version) {
    // Names start with a letter: Services need DNS-1035 labels, which validation does not yet require
    // (see the report: names starting with a digit).
    Arbitrary<PropsCall> name = PropsValues.dnsLabels(40).filter(n -> Character.isLetter(n.charAt(0)))
        .map(n -> PropsCall.of("name(" + Java.string(n) + ")", b -> b.name(n)));
    Arbitrary<PropsCall> image = PropsValues.images(version)
        .map(i -> PropsCall.of("image(" + Java.string(i) + ")", b -> b.image(i)));
    Arbitrary<PropsCall> pullPolicy = Arbitraries.of(ImagePullPolicy.values())
        .map(p -> PropsCall.of("imagePullPolicy(ImagePullPolicy." + p.name() + ")", b -> b.imagePullPolicy(p)));
    Arbitrary<PropsCall> pullSecrets = PropsValues.dnsSubdomains().list().ofMaxSize(2)
        .map(s -> PropsCall.of("imagePullSecrets(" + Java.strings(s) + ")", b -> b.imagePullSecrets(s)));
    Arbitrary<PropsCall> jar = PropsValues.jarUris(version)
        .map(j -> PropsCall.of("jarUri(" + Java.string(j) + ")", b -> b.jarUri(j)));
    Arbitrary<PropsCall> entryClass = PropsValues.javaClassNames()
        .map(c -> PropsCall.of("entryClass(" + Java.string(c) + ")", b -> b.entryClass(c)));
    Arbitrary<PropsCall> args = PropsValues.freeText().list().ofMinSize(1).ofMaxSize(3)
        .map(a -> PropsCall.of("args(" + Java.strings(a) + ")", b -> b.args(a)));
    return calls(PropsValues.versionCalls(version), image, jar, maybe(name), maybe(pullPolicy), maybe(pullSecrets),
        maybe(entryClass), maybe(args));
  }

  /** TaskManagers, slots, an optional autoscaler, and a parallelism the resulting slots can run. */
  static Arbitrary<Capacity> capacity() {
    Arbitrary<Integer> taskManagers = Arbitraries.integers().between(1, 10);
    Arbitrary<Integer> taskSlots = Arbitraries.integers().between(1, 16);
    Arbitrary<ValidFeatures.Autoscaling> autoscaling = ValidFeatures.autoscaling().injectNull(0.6);
    // Parallelism as a share of the slots, so it needs no arbitrary built per sample; null leaves it unset.
    Arbitrary<Double> share = Arbitraries.doubles().between(0, 1).injectNull(0.5);
    Arbitrary<Scheduler> scheduler = Arbitraries.of(Scheduler.values()).injectNull(0.5);
    return Combinators.combine(taskManagers, taskSlots, autoscaling, share, scheduler)
        .as((tms, slots, scaler, parallelismShare, schedulerOrNull) -> {
          int totalSlots = (scaler == null ? tms : scaler.maxReplicas()) * slots;
          List<PropsCall> calls = new ArrayList<>();
          calls.add(PropsCall.of("taskManagers(" + tms + ")", b -> b.taskManagers(tms)));
          calls.add(PropsCall.of("taskSlots(" + slots + ")", b -> b.taskSlots(slots)));
          if (scaler != null) {
            calls.add(scaler.call());
          }
          if (parallelismShare != null) {
            int p = Math.max(1, (int) Math.ceil(parallelismShare * totalSlots));
            calls.add(PropsCall.of("parallelism(" + p + ")", b -> b.parallelism(p)));
          }
          if (schedulerOrNull != null) {
            calls.add(PropsCall.of("scheduler(Scheduler." + schedulerOrNull.name() + ")",
                b -> b.scheduler(schedulerOrNull)));
          }
          return new Capacity(calls, totalSlots);
        });
  }

  /**
   * JobManager and TaskManager memory and CPU: from just above the smallest size Flink's memory model can
   * start (JobManager 577 MiB, TaskManager 984 MiB with default fractions) to 64 GiB.
   */
  static Arbitrary<List<PropsCall>> resources() {
    Arbitrary<PropsCall> jobManager = Combinators.combine(PropsValues.memory(640, 64 * 1024), PropsValues.cpus())
        .as((memory, cpu) -> PropsCall.of("jobManager(Resources.of(" + Java.string(memory) + ", " + cpu + "))",
            b -> b.jobManager(Resources.of(memory, cpu))));
    Arbitrary<PropsCall> taskManager = Combinators.combine(PropsValues.memory(1024, 64 * 1024), PropsValues.cpus())
        .as((memory, cpu) -> PropsCall.of("taskManager(Resources.of(" + Java.string(memory) + ", " + cpu + "))",
            b -> b.taskManager(Resources.of(memory, cpu))));
    return calls(maybe(jobManager), maybe(taskManager));
  }

  /** A call that is there about half of the time: absent means the builder's default. */
  static Arbitrary<List<PropsCall>> maybe(Arbitrary<PropsCall> call) {
    return call.injectNull(0.5).map(c -> c == null ? List.of() : List.of(c));
  }

  /** Calls and lists of calls, concatenated in order. */
  static Arbitrary<List<PropsCall>> calls(Arbitrary<?>... parts) {
    List<Arbitrary<Object>> arbitraries = new ArrayList<>();
    for (Arbitrary<?> part : parts) {
      arbitraries.add(part.map(value -> (Object) value));
    }
    return Combinators.combine(arbitraries).as(values -> {
      List<PropsCall> calls = new ArrayList<>();
      for (Object value : values) {
        if (value instanceof PropsCall call) {
          calls.add(call);
        } else if (value instanceof List<?> list) {
          list.forEach(item -> calls.add((PropsCall) item));
        }
      }
      return calls;
    });
  }
}
