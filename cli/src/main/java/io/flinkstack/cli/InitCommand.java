package io.flinkstack.cli;

import io.flinkstack.cli.starter.Starter;
import io.flinkstack.cli.starter.StarterSnapshots;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ManifestChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flinkstack init DIR}: a team's project from nothing, with its approved manifests. Written all or nothing: the
 * files go to a temporary folder beside DIR, which becomes DIR once everything is there.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {
        "Create a team's flinkstack project in DIR (which must not exist, or be empty): a Maven pom on Java 17"
            + " importing flinkstack's BOM, cdk8s.yaml, the app (Main.java: a FlinkApplication with state storage,"
            + " an HPA and an Ingress, and the runtime controller), its approved manifests and the test that checks"
            + " them, a Pulumi program deploying the same charts with its test, and a GitHub Actions workflow.",
        "Then: cd DIR && mvn -B verify.",
        "Exit status: 0 created; 2 bad input (names, DIR not empty), nothing written; 1 internal error."})
public final class InitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Folder of the new project.")
  Path dir;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The Flink application's name (its Kubernetes objects' base name) and the Maven artifactId"
          + " (default: DIR's name).")
  String name;

  @Option(names = "--group-id", paramLabel = "GROUP", defaultValue = "com.example",
      description = "Maven groupId (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(names = "--package", paramLabel = "PACKAGE", description = "Java package (default: GROUP.NAME).")
  String packageName;

  @Option(names = "--namespace", paramLabel = "NAMESPACE",
      description = "Kubernetes namespace of the Flink application (default: NAME).")
  String namespace;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Path target = dir.toAbsolutePath().normalize();
    String projectName = name != null ? name : String.valueOf(target.getFileName());
    Starter.Settings settings = new Starter.Settings(projectName, groupId,
        packageName != null ? packageName : Starter.Settings.defaultPackage(groupId, projectName),
        namespace != null ? namespace : projectName, Starter.flinkstackVersion());
    List<String> problems = new ArrayList<>(settings.problems());
    if (Files.exists(target) && !isEmptyFolder(target)) {
      problems.add("DIR: '" + dir + "' exists and is not an empty folder; give a new folder");
    }
    if (!problems.isEmpty()) {
      err.printf("flinkstack init: %d problem%s, nothing written:%n", problems.size(), problems.size() == 1 ? "" : "s");
      problems.forEach(p -> err.println("  " + p));
      return Main.EXIT_BAD_INPUT;
    }

    List<Starter.File> files = new ArrayList<>(Starter.files(settings));
    Optional<List<ChartManifest>> approved = StarterSnapshots.of(settings.packageName(), Starter.mainSource(files));
    if (approved.isPresent()) {
      // The project's test runs these checks too: a starter that fails them is flinkstack's bug, not the team's.
      ManifestChecks.Result checked = ManifestChecks.standard().checkManifests(approved.get());
      if (!checked.passed()) {
        err.println("flinkstack init: the starter's manifests fail flinkstack's checks (a flinkstack bug; please report"
            + " it), nothing written:");
        checked.problems().forEach(f -> err.println("  " + f));
        return 1;
      }
      approved.get().forEach(m -> files.add(new Starter.File(StarterSnapshots.approvedPath(m), m.yaml())));
    }

    write(files, target);
    out.printf("flinkstack init: created %s (%d files)%n", dir, files.size());
    files.forEach(f -> out.println("  " + f.path()));
    if (approved.isEmpty()) {
      out.println("No approved manifests: this Java has no compiler (a JRE). The first `mvn -B verify` writes"
          + " approved/<chart>.received.yaml; review each and rename it to .approved.yaml.");
    }
    out.printf("Next: cd %s && mvn -B verify%n", dir);
    out.flush();
    return 0;
  }

  private static boolean isEmptyFolder(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> s = Files.list(path)) {
      return s.findAny().isEmpty();
    }
  }

  /** Everything into a temporary folder beside {@code target}, then that folder renamed to {@code target}. */
  private static void write(List<Starter.File> files, Path target) throws IOException {
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, ".flinkstack-init-");
    try {
      for (Starter.File f : files) {
        Path file = staging.resolve(f.path());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.text(), StandardCharsets.UTF_8);
      }
      Files.deleteIfExists(target); // an empty folder, checked above
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Folders.delete(staging); // gone already when the move succeeded
    }
  }
}
