package io.flinkstack.cli;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ManifestChecks;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.examples.Examples;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cdk8s.App;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Synthesizes the examples, or a team's cdk8s project ({@code --project}), into {@code DIR/<chart>.k8s.yaml}.
 * Everything is synthesized and checked in memory first, by the checks {@code flinkstack validate} runs: on any problem
 * nothing is written. Before writing, the new manifests are compared with the files already there (or the approved
 * snapshots): a change {@code kubectl apply} would refuse stops the write unless forced.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {
        "Synthesize the examples (default: all), or with --project the cdk8s app of a project, into"
            + " DIR/<chart>.k8s.yaml.",
        "Before writing, the manifests are checked as flinkstack validate checks a folder (schemas, the API server's"
            + " rules, Pod Security, the NetworkPolicy model), then compared with the files already in DIR (or, with"
            + " --against-snapshots, the approved snapshots): every change kubectl apply would refuse (immutable"
            + " fields: a StatefulSet's serviceName, volumeClaimTemplates, podManagementPolicy or selector, a"
            + " Service's clusterIP, ...) is listed, one line per object and field, with the procedure that works,"
            + " and nothing is written unless --force.",
        "Exit status: 0 written; 2 bad input (invalid properties, unknown example, a failing app command, manifests"
            + " that fail the checks), nothing written; 4 changes kubectl apply would refuse, nothing written;"
            + " 1 internal error."})
public final class SynthCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "EXAMPLE", description = "Examples to synthesize (default: all).")
  List<String> names = new ArrayList<>();

  @Option(names = "--project", paramLabel = "DIR",
      description = "Synthesize the cdk8s app of the project in DIR (a team's own, e.g. made by flinkstack init) instead"
          + " of the examples: the app command of DIR/cdk8s.yaml runs in DIR with CDK8S_OUTDIR set to a temporary"
          + " folder, as cdk8s synth runs it, and its manifests are checked before anything is written. The output"
          + " folder defaults to cdk8s.yaml's output (dist), in DIR.")
  Path project;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder (default: dist; with --project, cdk8s.yaml's output in the project).")
  Path out;

  @Option(names = "--pod-security", paramLabel = "LEVEL", defaultValue = "restricted",
      description = "Pod Security Standard level the workloads must meet, as for flinkstack validate:"
          + " ${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE}.")
  ValidateCommand.PodSecurityLevel podSecurity;

  @Option(names = "--against-snapshots", paramLabel = "DIR", arity = "0..1", fallbackValue = "snapshots/approved",
      description = "Compare with the approved snapshots DIR/<chart>.approved.yaml (default DIR: ${FALLBACK-VALUE})"
          + " instead of the files already in the output folder.")
  Path againstSnapshots;

  @Option(names = "--force", description = "Write even when kubectl apply would refuse changes; they are still listed.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, Consumer<App>> examples;

  public SynthCommand() {
    this(Examples.all());
  }

  /** For tests: synthesize other definitions than the shipped examples. */
  public SynthCommand(Map<String, Consumer<App>> examples) {
    this.examples = examples;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    if (againstSnapshots != null && !Files.isDirectory(againstSnapshots)) {
      err.printf("flinkstack synth: --against-snapshots: '%s' is not a folder; run from the repository root, or give"
          + " the folder of the approved snapshots, e.g. --against-snapshots=snapshots/approved%n", againstSnapshots);
      return Main.EXIT_BAD_INPUT;
    }
    List<ChartManifest> manifests;
    if (project != null) {
      if (!names.isEmpty()) {
        err.printf("flinkstack synth: --project runs the project's own app; leave out the example names (%s)%n",
            String.join(", ", names));
        return Main.EXIT_BAD_INPUT;
      }
      manifests = projectManifests(err);
      if (manifests == null) {
        return Main.EXIT_BAD_INPUT;
      }
    } else {
      out = out != null ? out : Path.of("dist");
      manifests = exampleManifests(err);
      if (manifests == null) {
        return Main.EXIT_BAD_INPUT;
      }
    }

    // The checks flinkstack validate runs, on the manifests in memory: on any problem nothing is written.
    ManifestChecks.Result checked = ManifestChecks.standard().withPodSecurity(podSecurity.level).checkManifests(manifests);
    checked.warnings().forEach(w -> err.println("flinkstack synth: warning: " + w));
    if (!checked.passed()) {
      int n = checked.problems().size();
      err.printf("flinkstack synth: %d problem%s in the manifests (as flinkstack validate reports them), nothing"
          + " written:%n", n, n == 1 ? "" : "s");
      checked.problems().forEach(f -> err.println("  " + f));
      return Main.EXIT_BAD_INPUT;
    }

    Path baseline = againstSnapshots != null ? againstSnapshots : out;
    UpdateCheck check = UpdateCheck.run(manifests, file -> againstSnapshots != null
        ? againstSnapshots.resolve(file.replaceFirst("\\.k8s\\.yaml$", ".approved.yaml"))
        : out.resolve(file));
    check.unreadable().forEach(line -> err.println("flinkstack synth: warning: not compared, " + line));
    if (!check.changes().isEmpty()) {
      int n = check.changes().size();
      String changes = n + " change" + (n == 1 ? "" : "s") + " kubectl apply would refuse (compared with " + baseline + ")";
      if (!force) {
        err.printf("flinkstack synth: %s, nothing written:%n", changes);
        check.changes().forEach(line -> err.println("  " + line));
        err.println("Run again with --force to write the files anyway; then, before kubectl apply, do what each line"
            + " says (see docs/constructs/Upgrades.md#immutable-fields).");
        return Main.EXIT_IMMUTABLE_CHANGES;
      }
      err.printf("flinkstack synth: warning: %s, written anyway (--force); before kubectl apply:%n", changes);
      check.changes().forEach(line -> err.println("  " + line));
      err.flush();
    }

    AppSynthesizer.write(manifests, out);
    outWriter.println(table(manifests));
    outWriter.flush();
    return 0;
  }

  /** The selected examples, synthesized in memory; null after reporting bad input. */
  private List<ChartManifest> exampleManifests(PrintWriter err) {
    Map<String, Consumer<App>> selected = new LinkedHashMap<>();
    if (names.isEmpty()) {
      selected.putAll(examples);
    }
    for (String name : names) {
      if (!examples.containsKey(name)) {
        err.printf("flinkstack synth: no example named '%s'; choose from: %s%n", name, String.join(", ", examples.keySet()));
        return null;
      }
      selected.put(name, examples.get(name));
    }
    try {
      return AppSynthesizer.synthesize(selected.values());
    } catch (ValidationException e) {
      err.printf("flinkstack synth: %d problem%s, nothing written:%n", e.problems().size(), e.problems().size() == 1 ? "" : "s");
      for (Problem p : e.problems()) {
        err.println("  " + p);
      }
      return null;
    }
  }

  /**
   * The project's app run into a temporary folder (its output goes to stderr); null after reporting bad input. A
   * construct's validation failure ends the app with its messages, which are in that output.
   */
  private List<ChartManifest> projectManifests(PrintWriter err) throws IOException {
    Path tmp = Files.createTempDirectory("flinkstack-synth-");
    try {
      ProjectApp.Cdk8sYaml cdk8s = ProjectApp.readCdk8sYaml(project);
      out = out != null ? out : project.resolve(cdk8s.output());
      return ProjectApp.run(project, cdk8s, tmp, err);
    } catch (ProjectApp.ProjectException e) {
      err.println("flinkstack synth: " + e.getMessage() + "; nothing written");
      return null;
    } finally {
      Folders.delete(tmp);
    }
  }

  private String table(List<ChartManifest> manifests) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CHART", "OBJECTS", "KINDS", "FILE"});
    for (ChartManifest m : manifests) {
      String chart = m.file().replaceFirst("\\.k8s\\.yaml$", "");
      rows.add(new String[] {chart, Integer.toString(m.objects()), String.join(",", m.kinds()), out.resolve(m.file()).toString()});
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < 4; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      sb.append(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n", (Object[]) row));
    }
    return sb.toString().stripTrailing();
  }
}
