package io.flinkstack.constructs.properties;

import io.flinkstack.contract.FlinkVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.arbitraries.StringArbitrary;

/**
 * Harmless {@code flinkConfiguration} entries: keys that neither flinkstack nor its memory model derives
 * anything from, with values the version's configuration file can carry.
 */
final class FlinkConfigurations {
  /** Real keys with typical values. */
  private static final Map<String, List<String>> KNOWN = Map.of(
      "execution.checkpointing.interval", List.of("1 min", "30 s", "10000", "5min"),
      "state.backend.type", List.of("rocksdb", "hashmap"),
      "rest.flamegraph.enabled", List.of("true", "false"),
      "env.java.opts.all", List.of("-XX:+UseG1GC", "-Dfile.encoding=UTF-8 -Duser.timezone=UTC"),
      "pipeline.max-parallelism", List.of("128", "32768"),
      "web.cancel.enable", List.of("false"),
      "execution.checkpointing.mode", List.of("EXACTLY_ONCE", "AT_LEAST_ONCE"),
      "table.exec.source.idle-timeout", List.of("30 s", "0"));

  /** Words flinkstack's secret check looks for; generated keys must not contain them by accident. */
  private static final Pattern SECRET_LOOKING =
      Pattern.compile(".*(password|passwd|token|secret|credential|access.key|account.key).*");

  private FlinkConfigurations() {}

  /** Zero to five entries valid for {@code version}; a repeated key keeps its last value. */
  static Arbitrary<Map<String, String>> harmless(FlinkVersion version) {
    Arbitrary<Map.Entry<String, String>> known = Arbitraries.of(KNOWN.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(value -> Map.entry(e.getKey(), value))).toList());
    Arbitrary<Map.Entry<String, String>> custom = Combinators.combine(customKeys(), values(version)).as(Map::entry);
    return Arbitraries.oneOf(known, custom).list().ofMaxSize(5).map(entries -> {
      Map<String, String> config = new LinkedHashMap<>();
      entries.forEach(entry -> config.put(entry.getKey(), entry.getValue()));
      return config;
    });
  }

  private static Arbitrary<String> customKeys() {
    return PropsValues.words().list().ofMinSize(1).ofMaxSize(3)
        .map(words -> "custom." + String.join(".", words))
        .filter(key -> !SECRET_LOOKING.matcher(key).matches());
  }

  /**
   * Free text for ≥ 1.19 (standard YAML carries anything); without '#' and line ends before, which
   * validation refuses because the legacy file cannot carry them.
   */
  static Arbitrary<String> values(FlinkVersion version) {
    return version.configFileName().equals("config.yaml")
        ? Arbitraries.oneOf(PropsValues.freeText(), PropsValues.freeText().map(s -> s + "\n" + s))
        : PropsValues.freeText().map(s -> s.replace("#", "").replace("\r", "").trim()).filter(s -> !s.isEmpty());
  }

  /**
   * Scalars YAML resolves to something other than the string: numbers, booleans, nulls, syntax.
   */
  private static final List<String> YAML_LOOKALIKES = List.of("0x1F", "0o17", "1e3", "-2.5E-3", ".NaN", ".nan", ".inf", "-.inf", "~", "null", "Null", "True", "FALSE", "yes", "on", "1.10", "+1", "-0", ".5", "1_000", "0b101", "012",
      "2021-01-01", "12:30:00", "", " ", "- x", "? x", ": x", "[a, b]", "{a: 1}", "*a", "&a", "!tag", "%x", "@x", "`x",
      "'q'", "\"q\"", "a: b", "a #b", "#c", "|", ">", "x:", "key: value", "a\\b");
  /**
   * Characters YAML and line readers treat specially: line ends, no-break space, BOM, tab. Left out: the
   * Unicode line breaks NEL, LS and PS, which the YAML writer turns into folded lines (see the report).
   */
  private static final char[] AWKWARD_CHARS = {'\t', '\r', '\n', '\u00a0', '\ufeff', 'é', '日'};
  /**
   * The legacy file cannot carry '#' or line ends, and Flink's line reader trims every value and skips an
   * empty one; validation refuses all of these, so they are left out here (InvalidPropsTest covers them).
   */
  private static final char[] AWKWARD_LEGACY_CHARS = {'\t', '\u00a0', '\ufeff', 'é', '日'};

  /**
   * Values for the round-trip property: anything validation accepts for the version's file, the awkward as
   * likely as the plain; everything must reach Flink unchanged.
   */
  static Arbitrary<String> adversarialValues(FlinkVersion version) {
    boolean standardYaml = version.configFileName().equals("config.yaml");
    Arbitrary<String> text = standardYaml
        ? Arbitraries.strings().withCharRange(' ', '~').withChars(AWKWARD_CHARS).ofMaxLength(12)
        : Arbitraries.strings().withCharRange(' ', '"').withCharRange('$', '~').withChars(AWKWARD_LEGACY_CHARS)
            .ofMaxLength(12);
    List<String> lookalikes = standardYaml ? YAML_LOOKALIKES
        : YAML_LOOKALIKES.stream().filter(v -> !v.contains("#") && !v.isBlank() && v.equals(v.trim())).toList();
    Arbitrary<String> values = Arbitraries.oneOf(text, Arbitraries.of(lookalikes),
        Combinators.combine(Arbitraries.of(lookalikes), text).as((a, b) -> a + b));
    return standardYaml ? values : values.map(String::trim).filter(v -> !v.isEmpty());
  }

  /** Keys for the round-trip property: anything validation accepts (no white space), as awkward as YAML allows. */
  static Arbitrary<String> adversarialKeys(FlinkVersion version) {
    // The legacy file cuts a line at '#', in keys too, which validation does not refuse yet (see the report).
    boolean legacy = !version.configFileName().equals("config.yaml");
    StringArbitrary chars = Arbitraries.strings().withCharRange('!', '"').withCharRange('$', '~')
        .withChars('é', '\u00a0');
    Arbitrary<String> rest = (legacy ? chars : chars.withChars('#')).ofMinLength(1).ofMaxLength(10);
    return Combinators.combine(Arbitraries.of("custom.", "x-", "", "pipeline."), rest)
        .as((prefix, name) -> prefix + name)
        .filter(key -> !SECRET_LOOKING.matcher(key.toLowerCase(Locale.ROOT)).matches());
  }
}
