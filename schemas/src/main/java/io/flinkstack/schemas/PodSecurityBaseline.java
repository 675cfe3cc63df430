package io.flinkstack.schemas;

import java.util.List;
import java.util.Set;

/**
 * The baseline level of the Pod Security Standards: the controls that stop known privilege escalations.
 * Allowed values follow the standard's current ("latest") tables.
 */
final class PodSecurityBaseline {
  /** Docker's default capability set, which baseline lets a container add back explicitly. */
  static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
      "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  /** Sysctls namespaced to the pod, so they cannot affect other pods or the node. */
  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
  static final Set<String> APPARMOR_TYPES = Set.of("RuntimeDefault", "Localhost");
  static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

  static final PodSecurityControl HOST_PROCESS = new PodSecurityControl("HostProcess", (pod, report) -> {
    for (PodSecurityNode context : pod.securityContexts()) {
      PodSecurityNode hostProcess = context.get("windowsOptions", "hostProcess");
      if (!hostProcess.isUnsetOrFalse()) {
        report.violation(hostProcess, "a HostProcess container has privileged access to the Windows node;"
            + " remove windowsOptions.hostProcess or set it to false");
      }
    }
  });

  static final PodSecurityControl HOST_NAMESPACES = new PodSecurityControl("Host Namespaces", (pod, report) -> {
    for (String namespace : List.of("hostNetwork", "hostPID", "hostIPC")) {
      PodSecurityNode field = pod.spec().get(namespace);
      if (!field.isUnsetOrFalse()) {
        report.violation(field, "sharing the node's namespaces must be disallowed; remove " + namespace
            + " or set it to false");
      }
    }
  });

  static final PodSecurityControl PRIVILEGED = new PodSecurityControl("Privileged Containers", (pod, report) -> {
    for (PodSecurityNode container : pod.containers()) {
      PodSecurityNode privileged = container.get("securityContext", "privileged");
      if (!privileged.isUnsetOrFalse()) {
        report.violation(privileged, "a privileged container disables most security mechanisms; remove"
            + " securityContext.privileged or set it to false");
      }
    }
  });

  static final PodSecurityControl CAPABILITIES = new PodSecurityControl("Capabilities", (pod, report) -> {
    for (PodSecurityNode container : pod.containers()) {
      addedCapabilitiesOutside(container, DEFAULT_CAPABILITIES, report);
    }
  });

  static final PodSecurityControl HOST_PATH_VOLUMES = new PodSecurityControl("HostPath Volumes", (pod, report) -> {
    for (PodSecurityNode volume : pod.spec().get("volumes").items()) {
      PodSecurityNode hostPath = volume.get("hostPath");
      if (hostPath.isSet()) {
        report.violation(hostPath, "hostPath volumes expose the node's file system; use an emptyDir,"
            + " a persistentVolumeClaim or a projected volume instead");
      }
    }
  });

  static final PodSecurityControl HOST_PORTS = new PodSecurityControl("Host Ports", (pod, report) -> {
    for (PodSecurityNode container : pod.containers()) {
      for (PodSecurityNode port : container.get("ports").items()) {
        PodSecurityNode hostPort = port.get("hostPort");
        boolean zero = hostPort.value().isIntegralNumber() && hostPort.value().longValue() == 0;
        if (hostPort.isSet() && !zero) {
          report.violation(hostPort, "host ports bind the node's network; remove hostPort (or set 0) and reach"
              + " the container through a Service");
        }
      }
    }
  });

  static final PodSecurityControl APPARMOR = new PodSecurityControl("AppArmor", (pod, report) -> {
    for (PodSecurityNode context : pod.securityContexts()) {
      PodSecurityNode type = context.get("appArmorProfile", "type");
      if (type.isSet() && !APPARMOR_TYPES.contains(type.text())) {
        report.violation(type, type.shown() + " overrides or disables the AppArmor profile; use RuntimeDefault"
            + " or Localhost, or remove appArmorProfile");
      }
    }
    pod.metadata().get("annotations").fields().forEach((key, value) -> {
      String profile = value.text();
      boolean allowed = profile != null && (profile.equals("runtime/default") || profile.startsWith("localhost/"));
      if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && value.isSet() && !allowed) {
        report.violation(value, value.shown() + " overrides or disables the AppArmor profile; use runtime/default"
            + " or localhost/<profile>, or remove the annotation");
      }
    });
  });

  static final PodSecurityControl SELINUX = new PodSecurityControl("SELinux", (pod, report) -> {
    for (PodSecurityNode context : pod.securityContexts()) {
      PodSecurityNode options = context.get("seLinuxOptions");
      PodSecurityNode type = options.get("type");
      if (type.isSet() && !SELINUX_TYPES.contains(type.text())) {
        report.violation(type, type.shown() + " is not a container SELinux type; use container_t,"
            + " container_init_t, container_kvm_t or container_engine_t, or remove seLinuxOptions.type");
      }
      for (String customOnly : List.of("user", "role")) {
        PodSecurityNode field = options.get(customOnly);
        if (field.isSet() && !"".equals(field.text())) {
          report.violation(field, "a custom SELinux " + customOnly + " is forbidden; remove seLinuxOptions."
              + customOnly);
        }
      }
    }
  });

  static final PodSecurityControl PROC_MOUNT = new PodSecurityControl("/proc Mount Type", (pod, report) -> {
    for (PodSecurityNode container : pod.containers()) {
      PodSecurityNode procMount = container.get("securityContext", "procMount");
      if (procMount.isSet() && !"Default".equals(procMount.text())) {
        report.violation(procMount, procMount.shown() + " unmasks /proc; remove securityContext.procMount or set it"
            + " to Default");
      }
    }
  });

  static final PodSecurityControl SECCOMP = new PodSecurityControl("Seccomp", (pod, report) -> {
    for (PodSecurityNode context : pod.securityContexts()) {
      PodSecurityNode type = context.get("seccompProfile", "type");
      if ("Unconfined".equals(type.text())) {
        report.violation(type, "the Unconfined seccomp profile is forbidden; use RuntimeDefault or Localhost");
      }
    }
  });

  static final PodSecurityControl SYSCTLS = new PodSecurityControl("Sysctls", (pod, report) -> {
    for (PodSecurityNode sysctl : pod.securityContext().get("sysctls").items()) {
      PodSecurityNode name = sysctl.get("name");
      if (!SAFE_SYSCTLS.contains(name.text())) {
        report.violation(name, name.shown() + " is not a safe sysctl (one namespaced to the pod); remove it, or use"
            + " one of " + SAFE_SYSCTLS.stream().sorted().toList());
      }
    }
  });

  /** Every baseline control, in the order of the standard's table. */
  static final List<PodSecurityControl> CONTROLS = List.of(HOST_PROCESS, HOST_NAMESPACES, PRIVILEGED, CAPABILITIES,
      HOST_PATH_VOLUMES, HOST_PORTS, APPARMOR, SELINUX, PROC_MOUNT, SECCOMP, SYSCTLS);

  private PodSecurityBaseline() {}

  /** Reports each capability a container adds that is not in {@code allowed}. */
  static void addedCapabilitiesOutside(PodSecurityNode container, Set<String> allowed,
      PodSecurityControl.Report report) {
    for (PodSecurityNode capability : container.get("securityContext", "capabilities", "add").items()) {
      if (!allowed.contains(capability.text())) {
        report.violation(capability, "adding capability " + capability.shown() + " is forbidden; remove it (allowed: "
            + allowed.stream().sorted().toList() + ")");
      }
    }
  }
}
