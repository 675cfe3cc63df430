package io.flinkstack.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.Labels;
import io.flinkstack.versions.SynthesizedApps.Case;
import io.flinkstack.versions.SynthesizedApps.Cluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration key flinkstack names for a version, checked against the ConfigOptions of that version's own
 * jars ({@link KnownKeys}): the contract's key methods, and every key of the synthesized config files and
 * {@code -D} arguments. A key a version does not know is silently ignored by Flink, so it fails here.
 */
class ConfigKeysTest {
  /**
   * Keys under these prefixes are defined by jars this module does not load; they are accepted unchecked. Keep the
   * list to what the synthesized clusters use: a misspelled key under one of these prefixes passes.
   */
  static final Map<String, String> DEFINED_ELSEWHERE = Map.of(
      // flink-kubernetes' KubernetesConfigOptions (kubernetes.cluster-id in the config file, kubernetes.namespace as
      // -D under HA). Its jar shades the fabric8 client: 17 MB per version, too much for a check in every build.
      "kubernetes.", "flink-kubernetes",
      // metrics.reporter.<name>.<option>: MetricOptions only describes the pattern; no ConfigOption has such a key.
      "metrics.reporter.", "a metric reporter (per-reporter keys)");

  private static boolean definedElsewhere(String key) {
    return DEFINED_ELSEWHERE.keySet().stream().anyMatch(key::startsWith);
  }

  /**
   * The directory keys of every version, for a configuration whose version is not known (a JobManager's own, a declared
   * one 1.20 reads under either name): each version's own key (checked above against its jars), the newest first.
   */
  @org.junit.jupiter.api.Test
  void everyVersionsDirectoryKeysComeNewestFirst() {
    FlinkVersion newest = FlinkVersion.values()[FlinkVersion.values().length - 1];
    FlinkVersion oldest = FlinkVersion.values()[0];
    assertThat(FlinkVersion.checkpointsDirKeys()).containsExactly(newest.checkpointsDirKey(), oldest.checkpointsDirKey());
    assertThat(FlinkVersion.savepointsDirKeys()).containsExactly(newest.savepointsDirKey(), oldest.savepointsDirKey());
  }

  /** The keys the contract names for a version, each with the method that names it. */
  static Map<String, String> contractKeys(FlinkVersion v) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(v.highAvailabilityTypeKey(), "highAvailabilityTypeKey()");
    keys.put(v.restartStrategyKey(), "restartStrategyKey()");
    keys.put(v.checkpointsDirKey(), "checkpointsDirKey()");
    keys.put(v.savepointsDirKey(), "savepointsDirKey()");
    v.localRecoveryKeys().forEach(k -> keys.put(k, "localRecoveryKeys()"));
    v.adaptiveSchedulerCooldownKey().ifPresent(k -> keys.put(k, "adaptiveSchedulerCooldownKey()"));
    keys.put(v.adaptiveSchedulerStabilizationKey(), "adaptiveSchedulerStabilizationKey()");
    return keys;
  }

  /** Without this the scan is incomplete and "unknown" would be wrong: the pom must copy every jar they need. */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void everyOptionsClassOfTheVersionLoads(FlinkVersion v) {
    KnownKeys known = KnownKeys.of(v);
    assertThat(known.unloadable()).as("%s: *Options classes that cannot initialize", VersionJars.describe(v)).isEmpty();
    assertThat(known.classes()).as("%s: *Options classes found", VersionJars.describe(v)).isGreaterThan(30);
  }

  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void contractKeysAreKeysOfTheVersion(FlinkVersion v) {
    KnownKeys known = KnownKeys.of(v);
    List<String> unknown = keysWhere(contractKeys(v), key -> !known.knows(key),
        (key, method) -> "Flink " + v + " does not know '" + key + "' (FlinkVersion." + method + ")");
    assertThat(unknown).as(VersionJars.describe(v)).isEmpty();
  }

  /** Reported apart from unknown keys: a deprecated key still works, but the version has a current name for it. */
  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void contractKeysAreCurrentNames(FlinkVersion v) {
    KnownKeys known = KnownKeys.of(v);
    List<String> deprecated = keysWhere(contractKeys(v), known.deprecated()::containsKey,
        (key, method) -> "Flink " + v + ": '" + key + "' (FlinkVersion." + method + ") is a " + known.deprecated().get(key));
    assertThat(deprecated).as(VersionJars.describe(v)).isEmpty();
  }

  static Stream<Arguments> allCases() {
    return SynthesizedApps.cases().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("allCases")
  void synthesizedKeysAreKeysOfTheVersion(FlinkVersion v, Case c) {
    KnownKeys known = KnownKeys.of(v);
    List<String> unknown = keysWhere(synthesizedKeys(SynthesizedApps.get(v, c).built()),
        key -> !known.knows(key) && !definedElsewhere(key),
        (key, source) -> "Flink " + v + " does not know '" + key + "' (" + source + ")");
    assertThat(unknown).as("%s %s", VersionJars.describe(v), c).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("allCases")
  void synthesizedKeysAreCurrentNames(FlinkVersion v, Case c) {
    KnownKeys known = KnownKeys.of(v);
    List<String> deprecated = keysWhere(synthesizedKeys(SynthesizedApps.get(v, c).built()),
        known.deprecated()::containsKey,
        (key, source) -> "Flink " + v + ": '" + key + "' (" + source + ") is a " + known.deprecated().get(key));
    assertThat(deprecated).as("%s %s", VersionJars.describe(v), c).isEmpty();
  }

  /** Of {@code keys} (key to where it is set), those that {@code wrong}: each as {@code say} (key, where) says it. */
  static List<String> keysWhere(Map<String, String> keys, Predicate<String> wrong, BiFunction<String, String, String> say) {
    List<String> found = new ArrayList<>();
    keys.forEach((key, source) -> {
      if (wrong.test(key)) {
        found.add(say.apply(key, source));
      }
    });
    return found;
  }

  /** Every key the cluster sets, to where it is set: the config file, or a -D argument of a StatefulSet. */
  static Map<String, String> synthesizedKeys(Cluster cluster) {
    Map<String, String> keys = new TreeMap<>();
    String file = cluster.version().configFileName();
    String text = cluster.configFile();
    assertThat(text).as("%s %s: the ConfigMap has no %s (keys: %s)", cluster.version(), cluster.kase(), file,
        cluster.config().getData().keySet()).isNotNull();
    for (String key : configFileKeys(cluster.version(), text)) {
      keys.put(key, file);
    }
    dynamicPropertyKeys(cluster.jobManager(), Labels.COMPONENT_JOBMANAGER, keys);
    dynamicPropertyKeys(cluster.taskManager(), Labels.COMPONENT_TASKMANAGER, keys);
    return keys;
  }

  private static void dynamicPropertyKeys(StatefulSet sts, String component, Map<String, String> keys) {
    List<String> args = Pods.flinkContainer(sts, component).getArgs();
    for (int i = 0; i < args.size(); i++) {
      String property = null;
      if (args.get(i).equals("-D") && i + 1 < args.size()) {
        property = args.get(++i);
      } else if (args.get(i).startsWith("-D") && args.get(i).length() > 2) {
        property = args.get(i).substring(2);
      }
      if (property != null && property.contains("=")) {
        keys.putIfAbsent(property.substring(0, property.indexOf('=')), "-D of " + sts.getMetadata().getName());
      }
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * The keys of a config file as the version reads it: flink-conf.yaml line by line ("key: value", the legacy
   * format is not YAML), config.yaml as standard YAML whose nested maps join their keys with dots.
   */
  static TreeSet<String> configFileKeys(FlinkVersion v, String text) {
    TreeSet<String> keys = new TreeSet<>();
    if (!v.usesStandardYaml()) {
      for (String line : text.split("\n")) {
        String l = line.strip();
        int colon = l.indexOf(": ");
        if (!l.isEmpty() && !l.startsWith("#") && colon > 0) {
          keys.add(l.substring(0, colon).strip());
        }
      }
      return keys;
    }
    try {
      flatten("", YAML.readTree(text), keys);
    } catch (IOException e) {
      throw new AssertionError("Flink " + v + ": config.yaml is not YAML: " + e.getMessage() + "\n" + text, e);
    }
    return keys;
  }

  private static void flatten(String prefix, JsonNode node, TreeSet<String> keys) {
    if (node == null || !node.isObject()) {
      if (!prefix.isEmpty()) {
        keys.add(prefix);
      }
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys);
    }
  }
}
