package io.flinkstack.contract.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.flinkstack.schemas.SchemaValidator;
import io.flinkstack.schemas.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Good and bad FlinkJob and FlinkSnapshot manifests against the generated CRDs: the OpenAPI schema with networknt,
 * the CEL rules with the CEL library ({@link SchemaValidator}, as {@code flinkstack validate} runs it). No API server
 * runs here; what it would add is listed in the README. A bad fixture names, in its first line ({@code # expect:
 * POINTER: MESSAGE}), where and how it must be refused; an {@code update-*} fixture holds the old and the new object.
 */
class CustomResourceFixturesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  static SchemaValidator validator() throws IOException {
    SchemaValidator v = SchemaValidator.forKubernetes();
    for (String crdYaml : CustomResourceDefinitions.yaml()) {
      v = v.withCustomResourceDefinition(YAML.readTree(crdYaml));
    }
    return v;
  }

  static Stream<Path> fixtures(String folder) throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES.resolve(folder))) {
      return files.sorted().toList().stream();
    }
  }

  static Stream<Path> good() throws IOException {
    return fixtures("good");
  }

  static Stream<Path> bad() throws IOException {
    return fixtures("bad");
  }

  static Stream<Path> updateGood() throws IOException {
    return fixtures("update-good");
  }

  static Stream<Path> updateBad() throws IOException {
    return fixtures("update-bad");
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(file, StandardCharsets.UTF_8))) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
    return documents;
  }

  private static String expected(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first).as("first line of %s", file).startsWith("# expect: ");
    return first.substring("# expect: ".length());
  }

  private static List<String> lines(List<Violation> violations) {
    return violations.stream().map(v -> v.pointer() + ": " + v.message()).toList();
  }

  @ParameterizedTest
  @MethodSource("good")
  void aGoodManifestIsAccepted(Path file) throws IOException {
    assertThat(lines(validator().validate(documents(file).get(0)))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("bad")
  void aBadManifestIsRefusedAtItsFieldWithItsReason(Path file) throws IOException {
    List<String> problems = lines(validator().validate(documents(file).get(0)));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(expected(file)));
  }

  @ParameterizedTest
  @MethodSource("updateGood")
  void aGoodUpdateIsAccepted(Path file) throws IOException {
    List<JsonNode> d = documents(file);
    assertThat(lines(validator().validateUpdate(d.get(0), d.get(1)))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("updateBad")
  void aBadUpdateIsRefusedAlthoughBothObjectsAreValidAlone(Path file) throws IOException {
    List<JsonNode> d = documents(file);
    assertThat(lines(validator().validate(d.get(0)))).isEmpty();
    assertThat(lines(validator().validate(d.get(1)))).isEmpty();
    assertThat(lines(validator().validateUpdate(d.get(0), d.get(1))))
        .anySatisfy(p -> assertThat(p).startsWith(expected(file)));
  }
}
