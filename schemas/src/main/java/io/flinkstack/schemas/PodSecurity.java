package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks Kubernetes workloads against the Pod Security Standards, by default the <em>restricted</em> level
 * (baseline controls plus restricted controls, as the standard's current tables define them), the way Pod
 * Security admission would judge a namespace labelled {@code pod-security.kubernetes.io/enforce: restricted}.
 *
 * <p>Every workload kind is understood: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * ReplicationController and PodTemplate; the pod spec is found where the kind keeps it. Every container is
 * checked (containers, initContainers, ephemeralContainers); settings the standard lets a pod give all its
 * containers (runAsNonRoot, runAsUser, seccompProfile) are inherited from the pod's securityContext. Other
 * kinds have nothing to check and give no violations.
 *
 * <p>Stateless and thread-safe. Problems in the input are violations, never exceptions.
 */
public final class PodSecurity {
  /** A level of the standard; each includes the ones before it. */
  public enum Level {
    /** Prevents known privilege escalations; admits the default, minimally specified pod. */
    BASELINE,
    /** Current pod hardening practice: baseline plus non-root, no escalation, seccomp, dropped capabilities. */
    RESTRICTED
  }

  /**
   * One field of a workload that breaks a control.
   *
   * @param pointer JSON pointer (RFC 6901) to the offending field, e.g.
   *     {@code /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation}; for a required field
   *     that is missing, where it has to be set
   * @param control the control's name as the standard writes it, e.g. {@code Running as Non-root}
   * @param message what is wrong and what to set
   */
  public record Violation(String pointer, String control, String message) {
    public Violation {
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(control, "control");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return pointer + ": " + control + ": " + message;
    }
  }

  private PodSecurity() {}

  /** The violations of the restricted level; empty when {@code object} meets it or is not a workload. */
  public static List<Violation> check(JsonNode object) {
    return check(object, Level.RESTRICTED);
  }

  /** The violations of {@code level}; empty when {@code object} meets it or is not a workload. */
  public static List<Violation> check(JsonNode object, Level level) {
    Objects.requireNonNull(level, "level");
    Optional<PodSecurityPod> pod = PodSecurityPod.of(object);
    if (pod.isEmpty()) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    for (PodSecurityControl control : controls(level)) {
      control.rule().check(pod.get(),
          (field, message) -> violations.add(new Violation(field.pointer(), control.name(), message)));
    }
    return List.copyOf(violations);
  }

  /**
   * Where {@code object} keeps its pod spec, e.g. {@code /spec/template/spec} for a Deployment; empty when it
   * is not a workload (or a workload without a pod spec). Lets a caller count what was actually checked.
   */
  public static Optional<String> podSpecPointer(JsonNode object) {
    return PodSecurityPod.podSpecPointer(object);
  }

  /**
   * Checks every workload in a multi-document YAML text against the restricted level.
   *
   * @param fileLabel how findings name the source, e.g. a file name
   * @return one finding per violation, its message starting with the control's name; a YAML syntax error is a
   *     finding too, and ends the check (documents before it are checked)
   */
  public static List<Finding> checkYaml(String fileLabel, String yamlText) {
    YamlDocuments.Parsed parsed = YamlDocuments.parse(yamlText);
    List<Finding> findings = new ArrayList<>();
    for (YamlDocuments.Document document : parsed.documents()) {
      JsonNode object = document.content();
      String kind = object.path("kind").isTextual() ? object.path("kind").textValue() : null;
      String name = object.path("metadata").path("name").isTextual()
          ? object.path("metadata").path("name").textValue() : null;
      for (Violation violation : check(object)) {
        findings.add(new Finding(fileLabel, document.index(), kind, name, violation.pointer(),
            violation.control() + ": " + violation.message()));
      }
    }
    parsed.syntaxError().ifPresent(error ->
        findings.add(new Finding(fileLabel, error.documentIndex(), null, null, "", error.message())));
    return findings;
  }

  private static List<PodSecurityControl> controls(Level level) {
    return level == Level.BASELINE ? PodSecurityBaseline.CONTROLS : PodSecurityRestricted.CONTROLS;
  }
}
