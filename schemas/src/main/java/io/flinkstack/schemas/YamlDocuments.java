package io.flinkstack.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Splits a multi-document YAML text into JSON trees.
 *
 * <p>Jackson keeps YAML's scalar typing: {@code "6124"} stays a string and {@code 6124} becomes a number,
 * which is what the schemas check. A syntax error ends the parse; the documents before it are kept.
 */
final class YamlDocuments {
  // Kubernetes rejects a key given twice; Jackson would otherwise keep the last one silently.
  private static final ObjectReader READER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build()
      .readerFor(JsonNode.class);

  /** A non-empty document and its position in the file (empty documents count as positions too). */
  record Document(int index, JsonNode content) {}

  /** Where and why parsing stopped; {@code documentIndex} is the document being read at the time. */
  record SyntaxError(int documentIndex, String message) {}

  record Parsed(List<Document> documents, Optional<SyntaxError> syntaxError) {}

  private YamlDocuments() {}

  static Parsed parse(String yamlText) {
    List<Document> documents = new ArrayList<>();
    int index = 0;
    try (MappingIterator<JsonNode> values = READER.readValues(yamlText)) {
      while (values.hasNextValue()) {
        JsonNode content = values.nextValue();
        if (!isEmpty(content)) {
          documents.add(new Document(index, content));
        }
        index++;
      }
    } catch (JsonProcessingException e) {
      return new Parsed(documents, Optional.of(new SyntaxError(index, describe(e))));
    } catch (IOException e) {
      // Reading from a String does no I/O; this is a parse failure in disguise.
      return new Parsed(documents, Optional.of(new SyntaxError(index, "cannot parse YAML: " + e.getMessage())));
    }
    return new Parsed(documents, Optional.empty());
  }

  private static boolean isEmpty(JsonNode content) {
    return content == null || content.isNull() || content.isMissingNode();
  }

  /** SnakeYAML's own problem and mark read better than Jackson's message, which repeats the input. */
  private static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      String context = yaml.getContext() != null ? yaml.getContext() + ": " : "";
      return "YAML syntax error: " + context + yaml.getProblem() + at(yaml.getProblemMark());
    }
    JsonLocation location = e.getLocation();
    String where = location == null ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    return "YAML syntax error: " + e.getOriginalMessage() + where;
  }

  private static String at(Mark mark) {
    // SnakeYAML counts from 0; editors count from 1.
    return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
  }
}
