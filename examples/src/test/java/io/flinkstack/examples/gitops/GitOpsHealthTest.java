package io.flinkstack.examples.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import io.flinkstack.schemas.Violation;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health checks of examples/gitops/argocd, run by the real Lua 5.1 interpreter ({@code lua5.1}, Debian's
 * package; Argo CD runs the 5.1 dialect). Each case of {@code src/test/resources/gitops/*-cases.yaml} is converted from
 * its Jackson tree into a Lua table constructor, set as the global {@code obj}, and {@code driver.lua} prints the
 * script's {@code hs.status} and {@code hs.message}. Without {@code lua5.1} on the PATH these tests fail (they do not
 * skip): install it with {@code apt-get install lua5.1}.
 */
class GitOpsHealthTest {
  private static final Path GITOPS = Path.of("gitops");
  private static final Path RESOURCES = Path.of("src/test/resources/gitops");
  private static final Path CONTRACT_FIXTURES = Path.of("../contract/src/test/resources/fixtures/good");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path JOB_SCRIPT = GITOPS.resolve("argocd/flinkjob-health.lua");
  private static final Path SNAPSHOT_SCRIPT = GITOPS.resolve("argocd/flinksnapshot-health.lua");

  record Health(String status, String message) {}

  // ---- running lua5.1 ----------------------------------------------------------------------------------------

  /** The lua5.1 binary on the PATH; fails the test (never skips it) when there is none. */
  static String lua51() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "lua5.1");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return fail("lua5.1 is not on the PATH. These tests run the Argo CD health scripts with the real Lua 5.1"
        + " interpreter: install it (Debian/Ubuntu: sudo apt-get install -y lua5.1) and run them again.");
  }

  record Run(int exit, String stdout, String stderr) {}

  static Run run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(lua51());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return fail("lua5.1 did not finish within 30 s: %s", command);
      }
      return new Run(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs an Argo CD health script on {@code obj} through driver.lua. */
  static Health health(Path script, JsonNode obj) {
    Run r = run("-e", "obj = " + toLua(obj), RESOURCES.resolve("driver.lua").toString(), script.toString());
    assertThat(r.exit()).as("lua5.1 driver.lua %s exited with %d; stderr: %s", script, r.exit(), r.stderr())
        .isZero();
    String out = r.stdout();
    assertThat(out).as("driver output").endsWith("\n").contains("\t");
    int tab = out.indexOf('\t');
    return new Health(out.substring(0, tab), out.substring(tab + 1, out.length() - 1));
  }

  // ---- Jackson tree to Lua table constructor ------------------------------------------------------------------

  /**
   * A Lua 5.1 expression for a JSON value: objects as {@code {["key"]=value,...}}, arrays as sequences {@code
   * {v1,v2,...}} (a null leaves a hole, as in a decoded JSON array), numbers, booleans, null as {@code nil}. Strings
   * are written as pure ASCII: printable characters as they are, quote and backslash escaped, every other byte of
   * their UTF-8 encoding as a three-digit decimal escape ({@code \ddd}, the only numeric escape Lua 5.1 knows).
   */
  static String toLua(JsonNode node) {
    StringBuilder out = new StringBuilder();
    appendLua(node, out);
    return out.toString();
  }

  private static void appendLua(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          out.append('[').append(luaString(field.getKey())).append("]=");
          appendLua(field.getValue(), out);
          out.append(',');
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('{');
        for (JsonNode item : node) {
          appendLua(item, out);
          out.append(',');
        }
        out.append('}');
      }
      case STRING -> out.append(luaString(node.textValue()));
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          out.append(node.bigIntegerValue());
        } else {
          double d = node.doubleValue();
          if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a JSON number: " + d);
          }
          out.append(Double.toString(d));
        }
      }
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL, MISSING -> out.append("nil");
      default -> throw new IllegalArgumentException("no Lua value for a " + node.getNodeType() + " node");
    }
  }

  static String luaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append((char) c);
      } else {
        out.append(String.format("\\%03d", c));
      }
    }
    return out.append('"').toString();
  }

  @Test
  void lua51IsTheInterpreter() {
    Run r = run("-e", "io.write(_VERSION)");
    assertThat(r.stdout()).as("_VERSION of %s", lua51()).isEqualTo("Lua 5.1");
  }

  @Test
  void theLuaTableConstructorKeepsStringsNumbersBooleansAndSequences() {
    String tricky = "quote \" backslash \\ newline \n tab \t nul \0 bell \u0007 del \u007f é — 😀 \\123 end";
    ObjectNode obj = JsonNodeFactory.instance.objectNode();
    obj.put("s", tricky);
    obj.put("key with \"quotes\"\n", "v");
    obj.put("int", 9007199254740991L);
    obj.put("negative", -3);
    obj.put("float", 2.5e-3);
    obj.put("t", true);
    obj.put("f", false);
    obj.putNull("nothing");
    obj.putArray("list").add("a").add(2).addObject().put("k", "v");
    obj.putArray("empty");
    obj.putObject("nested").putObject("deeper").put("x", 1);
    String check = String.join("\n",
        "io.write(obj.s)",
        "assert(obj['key with \"quotes\"\\n'] == 'v', 'key')",
        "assert(obj.int == 9007199254740991, 'int')",
        "assert(obj.negative == -3, 'negative')",
        "assert(obj.float == 0.0025, 'float')",
        "assert(obj.t == true and obj.f == false, 'booleans')",
        "assert(obj.nothing == nil, 'null')",
        "assert(#obj.list == 3 and obj.list[1] == 'a' and obj.list[2] == 2 and obj.list[3].k == 'v', 'list')",
        "assert(type(obj.empty) == 'table' and next(obj.empty) == nil, 'empty')",
        "assert(obj.nested.deeper.x == 1, 'nested')");
    Run r = run("-e", "obj = " + toLua(obj), "-e", check);
    assertThat(r.stderr()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).isEqualTo(tricky);
  }

  // ---- the cases ----------------------------------------------------------------------------------------------

  static Stream<Arguments> cases(String file, Path script) throws IOException {
    JsonNode cases = YAML.readTree(RESOURCES.resolve(file).toFile());
    assertThat(cases.isArray() && cases.size() > 0).as("%s holds a list of cases", file).isTrue();
    List<Arguments> arguments = new ArrayList<>();
    for (JsonNode c : cases) {
      arguments.add(Arguments.of(c.get("name").asText(), script, c));
    }
    return arguments.stream();
  }

  static Stream<Arguments> flinkJobCases() throws IOException {
    return cases("flinkjob-cases.yaml", JOB_SCRIPT);
  }

  /** What the controller writes (kept in step with it by the controller's GitOpsCasesTest). */
  static Stream<Arguments> controllerWrittenCases() throws IOException {
    return cases("controller-written-cases.yaml", JOB_SCRIPT);
  }

  static Stream<Arguments> flinkSnapshotCases() throws IOException {
    return cases("flinksnapshot-cases.yaml", SNAPSHOT_SCRIPT);
  }

  static void check(Path script, JsonNode c) {
    JsonNode obj = c.get("obj");
    if (c.path("contract").asBoolean(true)) {
      List<String> problems = CustomResourceSchemas.validator().validate(obj).stream()
          .map(Violation::toString).toList();
      assertThat(problems).as("the case's object against the generated CRD (mark deliberately malformed ones"
          + " contract: false)").isEmpty();
    }
    Health expected = new Health(c.at("/expect/status").textValue(), c.at("/expect/message").textValue());
    assertThat(health(script, obj)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flinkJobCases")
  void flinkJobHealth(String name, Path script, JsonNode c) {
    check(script, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controllerWrittenCases")
  void healthOfWhatTheControllerWrites(String name, Path script, JsonNode c) {
    check(script, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flinkSnapshotCases")
  void flinkSnapshotHealth(String name, Path script, JsonNode c) {
    check(script, c);
  }

  /** The contract's own valid objects: each gets a health; the two with a status get the expected one. */
  static Stream<Path> contractFixtures() throws IOException {
    try (Stream<Path> files = Files.list(CONTRACT_FIXTURES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("contractFixtures")
  void theContractFixturesHaveAHealth(Path fixture) throws IOException {
    JsonNode obj = YAML.readTree(fixture.toFile());
    String kind = obj.path("kind").asText();
    Path script = switch (kind) {
      case "FlinkJob" -> JOB_SCRIPT;
      case "FlinkSnapshot" -> SNAPSHOT_SCRIPT;
      default -> fail("unexpected kind %s in %s", kind, fixture);
    };
    Health health = health(script, obj);
    switch (fixture.getFileName().toString()) {
      case "job-with-status.yaml" -> assertThat(health).isEqualTo(new Health("Healthy", "job RUNNING, parallelism 4"));
      case "checkpoint-with-status.yaml" ->
          assertThat(health).isEqualTo(new Health("Healthy", "s3://bucket/checkpoints/chk-9"));
      default -> {
        assertThat(obj.has("status")).as("%s has a status: give it an expected health here", fixture).isFalse();
        assertThat(health.status()).isEqualTo("Progressing");
      }
    }
  }

  // ---- argocd-cm.yaml -----------------------------------------------------------------------------------------

  @Test
  void argocdCmInlinesTheScriptsByteForByte() throws IOException {
    JsonNode cm = YAML.readTree(GITOPS.resolve("argocd/argocd-cm.yaml").toFile());
    assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    JsonNode data = cm.path("data");
    assertThat(data.path("resource.customizations.health.flinkstack.io_FlinkJob").textValue())
        .as("argocd-cm.yaml's FlinkJob entry against %s", JOB_SCRIPT)
        .isEqualTo(Files.readString(JOB_SCRIPT, StandardCharsets.UTF_8));
    assertThat(data.path("resource.customizations.health.flinkstack.io_FlinkSnapshot").textValue())
        .as("argocd-cm.yaml's FlinkSnapshot entry against %s", SNAPSHOT_SCRIPT)
        .isEqualTo(Files.readString(SNAPSHOT_SCRIPT, StandardCharsets.UTF_8));
  }

  // ---- flux/kustomization.yaml --------------------------------------------------------------------------------

  @Test
  void theFluxKustomizationHealthChecksFlinkJobs() throws IOException {
    JsonNode ks = YAML.readTree(GITOPS.resolve("flux/kustomization.yaml").toFile());
    assertThat(ks.path("apiVersion").asText()).isEqualTo("kustomize.toolkit.fluxcd.io/v1");
    assertThat(ks.path("kind").asText()).isEqualTo("Kustomization");
    // Flux ignores healthChecks when wait is true.
    assertThat(ks.at("/spec/wait").asBoolean(false)).isFalse();
    JsonNode checks = ks.at("/spec/healthChecks");
    assertThat(checks.isArray() && checks.size() > 0).as("spec.healthChecks is a non-empty list").isTrue();
    for (JsonNode check : checks) {
      assertThat(check.path("apiVersion").asText()).isEqualTo("flinkstack.io/v1alpha1");
      assertThat(check.path("kind").asText()).isEqualTo("FlinkJob");
      assertThat(check.path("name").asText()).isNotEmpty();
      assertThat(check.path("namespace").asText()).isNotEmpty();
    }
  }
}
