package io.flinkstack.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The restricted level of the Pod Security Standards: the baseline plus current pod hardening practice.
 * Three restricted controls tighten a baseline control (volume types, seccomp, capabilities); at this level
 * they replace it, so one bad field is reported once, by the stricter control, as Kubernetes' own Pod
 * Security admission does.
 */
final class PodSecurityRestricted {
  /** Volume sources a pod may use: ephemeral, or defined through a PersistentVolume by the cluster admin. */
  static final Set<String> ALLOWED_VOLUME_SOURCES = Set.of(
      "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
  static final Set<String> ALLOWED_SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
  static final Set<String> ADDABLE_CAPABILITIES = Set.of("NET_BIND_SERVICE");

  static final PodSecurityControl VOLUME_TYPES = new PodSecurityControl("Volume Types", (pod, report) -> {
    for (PodSecurityNode volume : pod.spec().get("volumes").items()) {
      volume.fields().forEach((source, value) -> {
        // An allow-list, so volume sources added to Kubernetes later are refused until the standard allows them.
        if (!source.equals("name") && value.isSet() && !ALLOWED_VOLUME_SOURCES.contains(source)) {
          report.violation(value, source + " volumes are not allowed; use one of "
              + ALLOWED_VOLUME_SOURCES.stream().sorted().toList());
        }
      });
    }
  });

  static final PodSecurityControl PRIVILEGE_ESCALATION =
      new PodSecurityControl("Privilege Escalation", (pod, report) -> {
        if (pod.isWindows()) {
          return;
        }
        for (PodSecurityNode container : pod.containers()) {
          PodSecurityNode field = container.get("securityContext", "allowPrivilegeEscalation");
          if (!(field.value().isBoolean() && !field.value().booleanValue())) {
            report.violation(field, "set securityContext.allowPrivilegeEscalation: false (set-user-ID and"
                + " set-group-ID binaries must not gain privileges)");
          }
        }
      });

  static final PodSecurityControl RUNNING_AS_NON_ROOT = new PodSecurityControl("Running as Non-root", (pod, report) -> {
    PodSecurityNode podLevel = pod.securityContext().get("runAsNonRoot");
    if (podLevel.isSet() && !podLevel.isTrue()) {
      report.violation(podLevel, "set runAsNonRoot: true (or remove it and set it on every container)");
    }
    for (PodSecurityNode container : pod.containers()) {
      PodSecurityNode field = container.get("securityContext", "runAsNonRoot");
      // A container that inherits a wrong pod-level value is covered by the pod-level violation.
      if (field.isSet() ? !field.isTrue() : !podLevel.isSet()) {
        report.violation(field, "set securityContext.runAsNonRoot: true on the container, or on the pod's"
            + " securityContext for all containers");
      }
    }
  });

  static final PodSecurityControl RUNNING_AS_NON_ROOT_USER =
      new PodSecurityControl("Running as Non-root user", (pod, report) -> {
        for (PodSecurityNode context : pod.securityContexts()) {
          PodSecurityNode runAsUser = context.get("runAsUser");
          boolean nonZero = runAsUser.value().isIntegralNumber() && runAsUser.value().longValue() != 0;
          if (runAsUser.isSet() && !nonZero) {
            report.violation(runAsUser, "uid " + runAsUser.shown() + " is root; set runAsUser to a non-zero uid"
                + " or remove it");
          }
        }
      });

  static final PodSecurityControl SECCOMP = new PodSecurityControl("Seccomp", (pod, report) -> {
    if (pod.isWindows()) {
      // The profile is Linux-only, so Windows pods need not set one; the baseline ban on Unconfined remains.
      PodSecurityBaseline.SECCOMP.rule().check(pod, report);
      return;
    }
    PodSecurityNode podType = pod.securityContext().get("seccompProfile", "type");
    if (podType.isSet() && !ALLOWED_SECCOMP_TYPES.contains(podType.text())) {
      report.violation(podType, podType.shown() + " is not allowed; set seccompProfile.type to RuntimeDefault or"
          + " Localhost");
    }
    for (PodSecurityNode container : pod.containers()) {
      PodSecurityNode type = container.get("securityContext", "seccompProfile", "type");
      if (type.isSet() && !ALLOWED_SECCOMP_TYPES.contains(type.text())) {
        report.violation(type, type.shown() + " is not allowed; set seccompProfile.type to RuntimeDefault or"
            + " Localhost");
      } else if (!type.isSet() && !podType.isSet()) {
        // A container that inherits a wrong pod-level profile is covered by the pod-level violation.
        report.violation(type, "no seccomp profile; set seccompProfile.type: RuntimeDefault (or Localhost) on the"
            + " container, or on the pod's securityContext for all containers");
      }
    }
  });

  static final PodSecurityControl CAPABILITIES = new PodSecurityControl("Capabilities", (pod, report) -> {
    if (pod.isWindows()) {
      // Capabilities are Linux-only; the baseline limit on added capabilities remains.
      PodSecurityBaseline.CAPABILITIES.rule().check(pod, report);
      return;
    }
    for (PodSecurityNode container : pod.containers()) {
      PodSecurityNode drop = container.get("securityContext", "capabilities", "drop");
      boolean dropsAll = drop.items().stream().anyMatch(capability -> "ALL".equals(capability.text()));
      if (!dropsAll) {
        report.violation(drop, "drop every capability: set securityContext.capabilities.drop: [ALL]");
      }
      PodSecurityBaseline.addedCapabilitiesOutside(container, ADDABLE_CAPABILITIES, report);
    }
  });

  /** Baseline controls minus the ones a restricted control tightens, then the restricted controls. */
  static final List<PodSecurityControl> CONTROLS = controls();

  private PodSecurityRestricted() {}

  private static List<PodSecurityControl> controls() {
    List<PodSecurityControl> controls = new ArrayList<>(PodSecurityBaseline.CONTROLS);
    controls.removeAll(List.of(
        PodSecurityBaseline.HOST_PATH_VOLUMES, PodSecurityBaseline.SECCOMP, PodSecurityBaseline.CAPABILITIES));
    controls.addAll(List.of(
        VOLUME_TYPES, PRIVILEGE_ESCALATION, RUNNING_AS_NON_ROOT, RUNNING_AS_NON_ROOT_USER, SECCOMP, CAPABILITIES));
    return List.copyOf(controls);
  }
}
