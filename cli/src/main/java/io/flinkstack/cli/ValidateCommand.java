package io.flinkstack.cli;

import io.flinkstack.constructs.validation.ManifestChecks;
import io.flinkstack.schemas.Finding;
import io.flinkstack.schemas.PodSecurity;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Validation of any folder of manifests, flinkstack's or not, by {@link ManifestChecks} (what flinkstack-testing's
 * assertions run too): the strict Kubernetes 1.32 and operator CRD schemas, the rules the 1.32 API server enforces
 * beyond them, Pod Security, then the NetworkPolicy model on the Flink clusters found in the folder.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {
        "Validate every *.yaml/*.yml under DIR against the strict Kubernetes 1.32 schemas, then against the rules the"
            + " Kubernetes 1.32 API server enforces beyond the schema (name formats, unique names and ports, requests"
            + " within limits, selectors matching pod templates, ...; see docs/api-server-rules.md), then every"
            + " workload (a FlinkDeployment's through its pod templates) against a Pod Security Standard level"
            + " (--pod-security), then whether the"
            + " NetworkPolicies let through every flow the Flink clusters found there need (their own pods; the runtime"
            + " controller, the Apache operator, an Ingress controller, NodePort and LoadBalancer clients to REST;"
            + " see docs/constructs/Security.md). A blocked flow is a problem; one the files cannot decide is a"
            + " warning.",
        "Each problem is printed as FILE#DOCUMENT (KIND NAME) POINTER: MESSAGE; a rule's message ends with when"
            + " Kubernetes acts on it: on apply, when a StatefulSet's controller creates its pods or claims, or in"
            + " the kubelet.",
        "Exit status: 0 when every object is valid, 2 when there are problems or DIR is not a folder."})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Folder of manifests.")
  Path dir;

  @Option(names = "--pod-security", paramLabel = "LEVEL", defaultValue = "restricted",
      description = "Pod Security Standard level the workloads must meet: ${COMPLETION-CANDIDATES} (not checked);"
          + " default ${DEFAULT-VALUE}, what flinkstack's manifests meet.")
  PodSecurityLevel podSecurity;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A --pod-security value, as the standard spells its levels. */
  enum PodSecurityLevel {
    restricted(PodSecurity.Level.RESTRICTED), baseline(PodSecurity.Level.BASELINE), none(null);

    final PodSecurity.Level level;

    PodSecurityLevel(PodSecurity.Level level) {
      this.level = level;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.printf("flinkstack validate: '%s' is not a folder; give the folder that holds the manifests, e.g. dist%n", dir);
      return Main.EXIT_BAD_INPUT;
    }
    ManifestChecks.Result result = ManifestChecks.standard().withPodSecurity(podSecurity.level).checkDirectory(dir);
    List<Finding> findings = result.problems();
    List<Finding> warnings = result.warnings();
    warnings.forEach(w -> err.println("warning: " + w));
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
