package io.flinkstack.constructs.properties;

import io.flinkstack.contract.FlinkVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Valid values of single properties: names, sizes in every accepted spelling, versions, images, jars, URIs. */
final class PropsValues {
  static final long KI = 1024;
  static final long MI = KI * KI;
  static final long GI = MI * KI;

  private PropsValues() {}

  /** DNS-1123 labels of 1 to {@code maxLength} characters. */
  static Arbitrary<String> dnsLabels(int maxLength) {
    Arbitrary<String> inner = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-')
        .ofMaxLength(Math.max(0, maxLength - 2));
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('0', '9');
    return Arbitraries.oneOf(
        edge.map(String::valueOf),
        Combinators.combine(edge, inner, edge).as((first, middle, last) -> first + middle + last));
  }

  /** DNS-1123 subdomains: dot-separated labels. */
  static Arbitrary<String> dnsSubdomains() {
    return dnsLabels(20).list().ofMinSize(1).ofMaxSize(3).map(labels -> String.join(".", labels));
  }

  /** Lower-case words, for paths, buckets and keys. */
  static Arbitrary<String> words() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10);
  }

  /** Text as users write it, including spaces, quotes, YAML syntax and non-ASCII letters. */
  static Arbitrary<String> freeText() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ß', '日', 'ø').ofMaxLength(20);
  }

  /**
   * A memory amount of {@code bytes} in one of the spellings flinkstack accepts: plain bytes, Flink's
   * units in any case ({@code 2048m}, {@code 2GB}, {@code 1K}) and Kubernetes' binary ones ({@code 2Gi}),
   * with or without a space before the unit.
   */
  static Arbitrary<String> memorySpellings(long bytes) {
    return Combinators.combine(Arbitraries.integers().between(0, 999), Arbitraries.of(true, false))
        .as((choice, space) -> spelling(bytes, choice, space));
  }

  /** Memory between {@code minMebibytes} and {@code maxMebibytes}, mostly whole mebibytes, sometimes not. */
  static Arbitrary<String> memory(long minMebibytes, long maxMebibytes) {
    Arbitrary<Long> wholeMebibytes = Arbitraries.longs().between(minMebibytes, maxMebibytes).map(m -> m * MI);
    Arbitrary<Long> wholeGibibytes = Arbitraries.longs().between((minMebibytes + 1023) / 1024, maxMebibytes / 1024)
        .map(g -> g * GI);
    Arbitrary<Long> kibibytes = Arbitraries.longs().between(minMebibytes * KI, maxMebibytes * KI).map(k -> k * KI);
    Arbitrary<Long> bytes = Arbitraries.frequencyOf(
        Tuple.of(5, wholeMebibytes), Tuple.of(3, wholeGibibytes), Tuple.of(2, kibibytes));
    return Combinators.combine(bytes, Arbitraries.integers().between(0, 999), Arbitraries.of(true, false))
        .as(PropsValues::spelling);
  }

  /** The {@code choice}-th (modulo their number) of the spellings of {@code bytes}. */
  private static String spelling(long bytes, int choice, boolean space) {
    List<String> units = new ArrayList<>(List.of("", "b", "bytes"));
    List<Long> factors = new ArrayList<>(List.of(1L, 1L, 1L));
    addUnits(units, factors, bytes, KI, "k", "kb", "K", "KB", "Ki");
    addUnits(units, factors, bytes, MI, "m", "mb", "MB", "Mb", "Mi");
    addUnits(units, factors, bytes, GI, "g", "gb", "GB", "Gi");
    int at = choice % units.size();
    String unit = units.get(at);
    return bytes / factors.get(at) + (space && !unit.isEmpty() ? " " : "") + unit;
  }

  private static void addUnits(List<String> units, List<Long> factors, long bytes, long factor, String... suffixes) {
    if (bytes % factor == 0) {
      for (String suffix : suffixes) {
        units.add(suffix);
        factors.add(factor);
      }
    }
  }

  /** CPU in cores: whole numbers of millicores, 0.001 to 16. */
  static Arbitrary<Double> cpus() {
    return Arbitraries.oneOf(Arbitraries.integers().between(1, 16000), Arbitraries.of(250, 500, 1000, 2000, 4000))
        .map(millis -> millis / 1000.0);
  }

  /** Every way to ask for {@code version}, including leaving it unset for the newest. */
  static Arbitrary<PropsCall> versionCalls(FlinkVersion version) {
    String text = version.toString();
    String underscored = text.replace('.', '_');
    List<PropsCall> calls = new ArrayList<>(List.of(
        PropsCall.of("flinkVersion(FlinkVersion." + version.name() + ")", b -> b.flinkVersion(version)),
        textVersion(text), textVersion("v" + underscored), textVersion("V" + underscored), textVersion(text + ".3"),
        textVersion(" " + text + " ")));
    if (version == FlinkVersion.values()[FlinkVersion.values().length - 1]) {
      calls.add(PropsCall.of("flinkVersion((String) null)", b -> b.flinkVersion((String) null)));
    }
    return Arbitraries.of(calls);
  }

  private static PropsCall textVersion(String text) {
    return PropsCall.of("flinkVersion(" + Java.string(text) + ")", b -> b.flinkVersion(text));
  }

  static Arbitrary<String> images(FlinkVersion version) {
    Arbitrary<String> digest = Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofLength(64);
    return Arbitraries.oneOf(
        Arbitraries.of("flink:" + version, "flink:" + version + "-java17", "flink:" + version + ".0-scala_2.12"),
        Combinators.combine(dnsSubdomains(), words(), words())
            .as((registry, team, job) -> registry + ".example.com/" + team + "/" + job + ":1.2.3"),
        digest.map(hex -> "ghcr.io/example/flink@sha256:" + hex));
  }

  /** Job jars the version can run: in usrlib for every version; elsewhere in the image or remote from 1.19. */
  static Arbitrary<String> jarUris(FlinkVersion version) {
    Arbitrary<String> usrlib = words().map(w -> "local:///opt/flink/usrlib/" + w + ".jar");
    if (!version.fetchesJobJars()) {
      return usrlib;
    }
    Arbitrary<String> remote = Combinators.combine(
            Arbitraries.of("s3", "s3a", "s3p", "gs", "https", "hdfs", "oss", "file", "abfss", "wasbs"),
            words(), words())
        .as((scheme, bucket, jar) -> scheme.equals("file")
            ? "file:///opt/flink/jobs/" + jar + ".jar"
            : scheme + "://" + bucket + "/jobs/" + jar + "-1.0.jar");
    return Arbitraries.oneOf(usrlib, remote,
        Arbitraries.just("local:///opt/flink/examples/streaming/WordCount.jar"));
  }

  /** Fully qualified Java class names, some with non-ASCII letters, '_' and '$'. */
  static Arbitrary<String> javaClassNames() {
    Arbitrary<String> identifier = Combinators.combine(
            Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_', '$', 'é'),
            Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('_', '$').ofMaxLength(8))
        .as((first, rest) -> first + rest);
    return identifier.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
  }

  /** Environment variable names flinkstack accepts, avoiding the ones its features set. */
  static Arbitrary<String> envNames() {
    return Combinators.combine(
            Arbitraries.chars().range('A', 'Z').range('a', 'z').with('_', '-', '.'),
            Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').withChars('_', '.', '-')
                .ofMaxLength(12))
        .as((first, rest) -> first + rest)
        .filter(name -> !FEATURE_ENV.contains(name));
  }

  /** Set by HA, local recovery and state storage; see the report on duplicated env names. */
  static final List<String> FEATURE_ENV = List.of("POD_IP", "POD_NAME", "POD_NAMESPACE", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY", "AZURE_STORAGE_KEY", "GOOGLE_APPLICATION_CREDENTIALS");

  /** Qualified annotation and label keys; never AppArmor's, which would change the pod's security. */
  static Arbitrary<String> annotationKeys() {
    return Combinators.combine(Arbitraries.of("example.com/", "team.example.org/", "prometheus.io/", ""), dnsLabels(20))
        .as((prefix, name) -> prefix + name);
  }

  static Arbitrary<Map<String, String>> labels() {
    return Arbitraries.maps(annotationKeys(), dnsLabels(20)).ofMaxSize(3);
  }

  /** The parts of an object-store URI; the scheme comes later, as it depends on other choices. */
  record UriParts(String bucket, String account, String path, boolean trailingSlash) {
    String uri(String scheme) {
      boolean azure = scheme.startsWith("abfs") || scheme.startsWith("wasb");
      String authority = azure ? bucket + "@" + account + ".dfs.core.windows.net" : bucket;
      return scheme + "://" + authority + "/" + path + (trailingSlash ? "/" : "");
    }
  }

  static Arbitrary<UriParts> objectStoreUriParts() {
    return Combinators.combine(words(), words(), words(), Arbitraries.of(true, false)).as(UriParts::new);
  }
}
