package io.flinkstack.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.constructs.validation.reachability.ManifestSetReachability;
import io.flinkstack.schemas.Finding;
import io.flinkstack.schemas.ManifestValidator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Validation of any folder of manifests, flinkstack's or not: the strict Kubernetes 1.32 schemas, then the rules the
 * 1.32 API server enforces beyond them ({@link io.flinkstack.schemas.apiserver.ApiServerRules}), then the
 * NetworkPolicy model on the Flink clusters found in the folder ({@link ManifestSetReachability}).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {
        "Validate every *.yaml/*.yml under DIR against the strict Kubernetes 1.32 schemas, then against the rules the"
            + " Kubernetes 1.32 API server enforces beyond the schema (name formats, unique names and ports, requests"
            + " within limits, selectors matching pod templates, ...; see docs/api-server-rules.md), then whether the"
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.printf("flinkstack validate: '%s' is not a folder; give the folder that holds the manifests, e.g. dist%n", dir);
      return Main.EXIT_BAD_INPUT;
    }
    List<Finding> findings = new ArrayList<>(new ManifestValidator(OperatorCrdSchemas.validator()).validateDirectory(dir));
    List<Finding> warnings = new ArrayList<>();
    reachability(dir, findings, warnings);
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

  /** Blocked flows become problems and undecidable ones warnings, each on the cluster's JobManager object. */
  private static void reachability(Path dir, List<Finding> problems, List<Finding> warnings) {
    List<ManifestValidator.Document> documents = ManifestValidator.documentsUnder(dir);
    Map<JsonNode, ManifestValidator.Document> located = new IdentityHashMap<>();
    documents.forEach(d -> located.put(d.content(), d));
    List<JsonNode> objects = documents.stream().map(ManifestValidator.Document::content).toList();
    for (ManifestSetReachability.ClusterFinding f : ManifestSetReachability.check(objects)) {
      ManifestValidator.Document at = located.get(f.anchor());
      Finding finding = new Finding(at.file(), at.index(), f.anchor().path("kind").asText(),
          f.anchor().path("metadata").path("name").asText(), "", "Flink cluster " + f.cluster() + ": "
          + f.finding().message());
      (f.finding().blocked() ? problems : warnings).add(finding);
    }
  }
}
