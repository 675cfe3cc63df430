package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.apiserver.ApiServerRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Validates Kubernetes manifest files: every object in every YAML document, against strict schemas, then against
 * the rules the Kubernetes 1.32 API server enforces beyond the schema ({@link ApiServerRules}: name formats,
 * uniqueness, cross-field constraints; including what a StatefulSet's controller and the kubelet reject later).
 *
 * <p>Problems in the input, YAML syntax errors included, come back as {@link Finding}s, never as exceptions.
 */
public final class ManifestValidator {
  private final SchemaValidator schemaValidator;

  /** Validates against the bundled Kubernetes schemas only. */
  public ManifestValidator() {
    this(SchemaValidator.forKubernetes());
  }

  public ManifestValidator(SchemaValidator schemaValidator) {
    this.schemaValidator = Objects.requireNonNull(schemaValidator, "schemaValidator");
  }

  /**
   * Validates every {@code *.yaml} and {@code *.yml} file under {@code dir}, recursively, in path order.
   * File names in the findings are relative to {@code dir}.
   *
   * @throws IllegalArgumentException if {@code dir} is not a directory
   * @throws UncheckedIOException if the directory tree cannot be listed
   */
  public List<Finding> validateDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a directory: " + dir);
    }
    List<Finding> findings = new ArrayList<>();
    for (Path file : manifestFiles(dir)) {
      findings.addAll(validateFile(file, relativeLabel(dir, file)));
    }
    return findings;
  }

  /**
   * A parsed document of a manifest file, for checks that look at several objects together (which clusters a
   * NetworkPolicy admits whom to).
   *
   * @param file the file's path relative to the folder, as in findings
   */
  public record Document(String file, int index, JsonNode content) {}

  /**
   * Every document of every {@code *.yaml}/{@code *.yml} file under {@code dir}, in the order of {@link
   * #validateDirectory}; files that cannot be read or parsed add nothing here (validateDirectory reports them).
   */
  public static List<Document> documentsUnder(Path dir) {
    List<Document> documents = new ArrayList<>();
    for (Path file : manifestFiles(dir)) {
      try {
        documents.addAll(documentsOf(relativeLabel(dir, file), Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        // reported by validateDirectory
      }
    }
    return documents;
  }

  /**
   * Every document of {@code yamlText} up to a syntax error (which {@link #validateYaml} reports), as {@link
   * #documentsUnder} gives them for a file.
   *
   * @param fileLabel how findings name the source, as for {@link #validateYaml}
   */
  public static List<Document> documentsOf(String fileLabel, String yamlText) {
    return YamlDocuments.parse(yamlText).documents().stream()
        .map(d -> new Document(fileLabel, d.index(), d.content()))
        .toList();
  }

  /**
   * Validates the YAML documents in {@code yamlText}.
   *
   * @param fileLabel how findings name the source, e.g. a relative path
   */
  public List<Finding> validateYaml(String fileLabel, String yamlText) {
    YamlDocuments.Parsed parsed = YamlDocuments.parse(yamlText);
    List<Finding> findings = new ArrayList<>();
    for (YamlDocuments.Document document : parsed.documents()) {
      findings.addAll(validateDocument(fileLabel, document));
    }
    parsed.syntaxError().ifPresent(error ->
        findings.add(new Finding(fileLabel, error.documentIndex(), null, null, "", error.message())));
    return findings;
  }

  private List<Finding> validateFile(Path file, String label) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      return List.of(new Finding(label, 0, null, null, "", "cannot read file: not UTF-8 text"));
    } catch (IOException e) {
      return List.of(new Finding(label, 0, null, null, "", "cannot read file: " + e.getMessage()));
    }
    return validateYaml(label, text);
  }

  private List<Finding> validateDocument(String fileLabel, YamlDocuments.Document document) {
    JsonNode content = document.content();
    String kind = textOrNull(content.path("kind"));
    String name = textOrNull(content.path("metadata").path("name"));
    List<Finding> findings = new ArrayList<>();
    for (Violation violation : schemaValidator.validate(content)) {
      findings.add(new Finding(
          fileLabel, document.index(), kind, name, violation.pointer(), violation.message()));
    }
    // The rules read values of the right type only, so a value the schema rejected is not reported twice.
    for (Violation violation : ApiServerRules.check(content)) {
      findings.add(new Finding(
          fileLabel, document.index(), kind, name, violation.pointer(), violation.message()));
    }
    return findings;
  }

  private static List<Path> manifestFiles(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(ManifestValidator::isYaml)
          .sorted(Comparator.comparing(path -> relativeLabel(dir, path)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list manifests under " + dir, e);
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** Forward slashes on every OS, so findings and their order are the same everywhere. */
  private static String relativeLabel(Path dir, Path file) {
    return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
