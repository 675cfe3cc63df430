package io.flinkstack.constructs.synth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.flinkstack.constructs.bridge.ManifestBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.cdk8s.App;

/**
 * Synthesizes a cdk8s {@link App} to the same files as {@code app.synth()}, in time linear in the number
 * of charts (see {@code src/jsii/index.ts}), and writes them all-or-nothing.
 */
public final class AppSynthesizer {
  private AppSynthesizer() {}

  /** The app's manifests, one per chart, in cdk8s' chart order. Writes nothing. */
  public static List<ChartManifest> synthesize(App app) {
    String json = ManifestBatch.synthesizeApp(app);
    try {
      return ManifestJson.MAPPER.readValue(json, new TypeReference<List<ChartManifest>>() {});
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
