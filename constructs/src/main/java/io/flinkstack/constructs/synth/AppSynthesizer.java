package io.flinkstack.constructs.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.constructs.bridge.ManifestBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cdk8s.App;

/**
 * flinkstack's one synthesis entry point: {@code flinkstack synth}, the snapshots and the Pulumi component all
 * synthesize through it. A cdk8s {@link App} becomes the same files as {@code app.synth()}, in time linear in the
 * number of charts (see {@code src/jsii/index.ts}), written all-or-nothing; or, for a deployer that registers
 * objects one by one, the same objects as typed facts ({@link #objects(App)}), without YAML.
 */
public final class AppSynthesizer {
  private AppSynthesizer() {}

  /** Charts per JSII call: big enough to amortize a round trip, small enough to overlap with YAML writing. */
  private static final int SLICE = 50;

  /**
   * The manifests of the definitions, run one after another in a new app: what {@code flinkstack synth} writes.
   *
   * @throws io.flinkstack.constructs.validation.ValidationException when a construct's props are invalid
   */
  public static List<ChartManifest> synthesize(Collection<? extends Consumer<App>> definitions) {
    App app = new App();
    definitions.forEach(d -> d.accept(app));
    return synthesize(app);
  }

  /**
   * The app's objects, one list per chart in cdk8s' chart order, each with what synthesis knows about it: the
   * fabric8 object its construct built, its {@link DeploymentTier}, and whether an autoscaler owns its replicas.
   * The same objects as {@link #synthesize(App)}'s files, taken from cdk8s' JSON before any YAML is written.
   */
  public static List<SynthesizedChart> objects(App app) {
    int charts = ManifestBatch.prepareApp(app).intValue();
    try {
      ConstructFacts facts = ConstructFacts.of(app);
      List<SynthesizedChart> synthesized = new ArrayList<>();
      for (int start = 0; start < charts; start += SLICE) {
        for (JsonNode chart : parse(ManifestBatch.chartsJson(app, start, SLICE))) {
          synthesized.add(facts.chart(chart.get("file").asText(), chart.get("objects")));
        }
      }
      return synthesized;
    } finally {
      ManifestBatch.releaseApp(app);
    }
  }

  /** The app's manifests, one per chart, in cdk8s' chart order. Writes nothing. */
  public static List<ChartManifest> synthesize(App app) {
    int charts = ManifestBatch.prepareApp(app).intValue();
    // JSII must be used from one thread (this one); YAML is written on another while cdk8s renders the
    // next slice of charts in its Node process.
    ExecutorService yamlWriter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "flinkstack-yaml");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<Rendered>>> slices = new ArrayList<>();
      for (int start = 0; start < charts; start += SLICE) {
        String json = ManifestBatch.chartsJson(app, start, SLICE);
        slices.add(yamlWriter.submit(() -> render(json)));
      }
      List<ChartManifest> manifests = new ArrayList<>();
      for (Future<List<Rendered>> slice : slices) {
        for (Rendered r : slice.get()) {
          String yaml = r.yaml() != null ? r.yaml() : ManifestBatch.stringifyYaml(r.objects().toString());
          manifests.add(new ChartManifest(r.file(), r.objects().size(), r.kinds(), yaml));
        }
      }
      return manifests;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while synthesizing", e);
    } finally {
      yamlWriter.shutdownNow();
      ManifestBatch.releaseApp(app);
    }
  }

  /** A chart's objects and, when Jackson can write them as cdk8s does, its YAML (else null). */
  private record Rendered(String file, JsonNode objects, List<String> kinds, String yaml) {}

  private static List<Rendered> render(String json) {
    List<Rendered> rendered = new ArrayList<>();
    for (JsonNode chart : parse(json)) {
      JsonNode objectsNode = chart.get("objects");
      List<JsonNode> objects = new ArrayList<>();
      TreeSet<String> kinds = new TreeSet<>();
      for (JsonNode o : objectsNode) {
        objects.add(o);
        kinds.add(o.path("kind").asText());
      }
      String yaml = ManifestYaml.writeLikeCdk8s(objects).orElse(null);
      rendered.add(new Rendered(chart.get("file").asText(), objectsNode, List.copyOf(kinds), yaml));
    }
    return rendered;
  }

  private static JsonNode parse(String json) {
    try {
      return ManifestJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes every manifest into {@code outDir}: first into a temporary folder beside it, then each file
   * moved into place, so a failure while writing leaves no half-written file behind.
   */
  public static void write(List<ChartManifest> manifests, Path outDir) throws IOException {
    Path absolute = outDir.toAbsolutePath();
    Files.createDirectories(absolute);
    Path staging = Files.createTempDirectory(absolute, ".flinkstack-");
    try {
      for (ChartManifest m : manifests) {
        Files.writeString(staging.resolve(m.file()), m.yaml(), StandardCharsets.UTF_8);
      }
      for (ChartManifest m : manifests) {
        Files.move(staging.resolve(m.file()), absolute.resolve(m.file()), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      try (Stream<Path> left = Files.walk(staging)) {
        for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
