package io.flinkstack.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.schemas.apiserver.ImmutableFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code kubectl apply} of the synthesized manifests would refuse over objects created from the manifests
 * written before: each chart is compared with its earlier file, by {@link ImmutableFields}.
 *
 * @param changes one line per object and field: the earlier file, then the change and what to do instead
 * @param unreadable one line per earlier file that could not be compared, with why
 */
record UpdateCheck(List<String> changes, List<String> unreadable) {
  private static final ObjectReader YAML = new YAMLMapper().readerFor(JsonNode.class);

  /**
   * @param earlier the earlier file of a chart, by the chart's file name ({@code wordcount.k8s.yaml}); a file that
   *     does not exist is a chart never written, nothing to compare
   */
  static UpdateCheck run(List<ChartManifest> manifests, Function<String, Path> earlier) {
    List<String> changes = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (ChartManifest manifest : manifests) {
      Path file = earlier.apply(manifest.file());
      if (!Files.isRegularFile(file)) {
        continue;
      }
      List<JsonNode> before;
      try {
        before = documents(Files.readString(file));
      } catch (IOException e) {
        unreadable.add(file + ": " + reason(e));
        continue;
      }
      List<JsonNode> after;
      try {
        after = documents(manifest.yaml());
      } catch (IOException e) {
        // The synthesized YAML was just schema-checked, so it parses; an error here is flinkstack's.
        throw new IllegalStateException("synthesized " + manifest.file() + " does not parse", e);
      }
      for (ImmutableFields.Change change : ImmutableFields.compare(before, after)) {
        changes.add(file + ": " + change);
      }
    }
    return new UpdateCheck(List.copyOf(changes), List.copyOf(unreadable));
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = YAML.readValues(yaml)) {
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  private static String reason(IOException e) {
    if (e instanceof JsonProcessingException json) {
      return "not YAML (" + json.getOriginalMessage().lines().findFirst().orElse("") + ")";
    }
    return "cannot be read (" + e.getMessage() + ")";
  }
}
