package io.flinkstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.schemas.ManifestValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A team's cdk8s project, run the way {@code cdk8s synth} runs it: the {@code app:} command of its
 * {@code cdk8s.yaml}, in the project's folder, with {@code CDK8S_OUTDIR} naming the folder to write to (cdk8s' {@code
 * App} reads it for its default {@code outdir}, in every language). flinkstack runs it into a temporary folder, so that
 * nothing reaches the output folder before the checks have passed. Running the command rather than loading the team's
 * classes keeps the team's build in charge of its classpath (its own versions of cdk8s, JSII, other libraries).
 */
final class ProjectApp {
  /** What went wrong before any manifest was read: the message names the file or the command and the fix. */
  static final class ProjectException extends Exception {
    ProjectException(String message) {
      super(message);
    }
  }

  /** The parts of {@code cdk8s.yaml} flinkstack reads. */
  record Cdk8sYaml(String app, String output) {}

  private ProjectApp() {}

  static Cdk8sYaml readCdk8sYaml(Path project) throws ProjectException {
    Path file = project.resolve("cdk8s.yaml");
    if (!Files.isRegularFile(file)) {
      throw new ProjectException("--project: no cdk8s.yaml in '" + project + "'; give the folder of a cdk8s project"
          + " (flinkstack init DIR creates one)");
    }
    JsonNode yaml;
    try {
      yaml = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ProjectException(file + ": not readable as YAML (" + firstLine(e.getMessage()) + ")");
    }
    String app = yaml == null ? "" : yaml.path("app").asText("").strip();
    if (app.isEmpty()) {
      throw new ProjectException(file + ": app: missing; set it to the command that runs the cdk8s app, e.g."
          + " `app: mvn -e -q compile exec:java`");
    }
    String output = yaml.path("output").asText("").strip();
    return new Cdk8sYaml(app, output.isEmpty() ? "dist" : output);
  }

  /**
   * Runs the app command with {@code CDK8S_OUTDIR=outDir}; its output (stdout and stderr) goes to {@code log}, so
   * that flinkstack's own stdout stays the table of charts.
   *
   * @throws ProjectException when the command fails or writes no manifest
   */
  static List<ChartManifest> run(Path project, Cdk8sYaml cdk8s, Path outDir, PrintWriter log)
      throws ProjectException, IOException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", cdk8s.app())
        .directory(project.toFile())
        .redirectErrorStream(true);
    builder.environment().put("CDK8S_OUTDIR", outDir.toAbsolutePath().toString());
    Process process = builder.start();
    process.getOutputStream().close();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        log.println(line);
      }
    }
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ProjectException("interrupted while running `" + cdk8s.app() + "`");
    }
    log.flush();
    if (status != 0) {
      throw new ProjectException("the app command of " + project.resolve("cdk8s.yaml") + ", `" + cdk8s.app()
          + "`, failed with exit status " + status + " (its output is above)");
    }
    List<ChartManifest> manifests = readManifests(outDir);
    if (manifests.isEmpty()) {
      throw new ProjectException("the app command of " + project.resolve("cdk8s.yaml") + ", `" + cdk8s.app()
          + "`, wrote no *.yaml into CDK8S_OUTDIR; does its main call app.synth() on an App created with the"
          + " default outdir?");
    }
    return manifests;
  }

  /** The manifests cdk8s wrote, one per file, named as cdk8s named them; sorted by name as a folder listing is. */
  static List<ChartManifest> readManifests(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
    List<ChartManifest> manifests = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      List<ManifestValidator.Document> documents = ManifestValidator.documentsOf(name, yaml);
      TreeSet<String> kinds = new TreeSet<>();
      documents.forEach(d -> kinds.add(d.content().path("kind").asText()));
      manifests.add(new ChartManifest(name, documents.size(), List.copyOf(kinds), yaml));
    }
    return manifests;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
