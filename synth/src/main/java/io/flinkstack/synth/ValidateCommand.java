package io.flinkstack.synth;

import io.flinkstack.schemas.Finding;
import io.flinkstack.schemas.ManifestValidator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Validation of any folder of manifests, flinkstack's or not: the strict Kubernetes 1.32 schemas, then the rules the
 * 1.32 API server enforces beyond them ({@link io.flinkstack.schemas.apiserver.ApiServerRules}).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {
        "Validate every *.yaml/*.yml under DIR against the strict Kubernetes 1.32 schemas, then against the rules the"
            + " Kubernetes 1.32 API server enforces beyond the schema (name formats, unique names and ports, requests"
            + " within limits, selectors matching pod templates, ...; see docs/api-server-rules.md).",
        "Each problem is printed as FILE#DOCUMENT (KIND NAME) POINTER: MESSAGE; a rule's message ends with when"
            + " Kubernetes acts on it: on apply, when a StatefulSet's controller creates its pods or claims, or in"
            + " the kubelet.",
        "Exit status: 0 when every object is valid, 2 when there are problems or DIR is not a folder."})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Folder of manifests.")
  Path dir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.printf("flinkstack validate: '%s' is not a folder; give the folder that holds the manifests, e.g. dist%n", dir);
      return Main.EXIT_BAD_INPUT;
    }
    List<Finding> findings = new ManifestValidator(OperatorCrdSchemas.validator()).validateDirectory(dir);
    if (findings.isEmpty()) {
      out.printf("flinkstack validate: every object under %s is valid%n", dir);
      out.flush();
      return 0;
    }
    findings.forEach(f -> err.println(f));
    err.printf("flinkstack validate: %d problem%s%n", findings.size(), findings.size() == 1 ? "" : "s");
    return Main.EXIT_BAD_INPUT;
  }
}
