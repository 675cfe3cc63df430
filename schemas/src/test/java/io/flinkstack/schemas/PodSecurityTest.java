package io.flinkstack.schemas;

import static io.flinkstack.schemas.TestManifests.node;
import static io.flinkstack.schemas.TestManifests.parse;
import static io.flinkstack.schemas.TestManifests.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinkstack.schemas.PodSecurity.Level;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The restricted Pod Security Standard, control by control: a compliant pod, then that pod with one field
 * changed, which must give exactly the expected violation (or none, for values the standard allows).
 */
class PodSecurityTest {
  /** Meets the restricted level with settings split between pod and containers, as real pods do. */
  private static final String COMPLIANT_POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: flink
        annotations:
          container.apparmor.security.beta.kubernetes.io/flink: runtime/default
      spec:
        securityContext:
          runAsNonRoot: true
          runAsUser: 9999
          seccompProfile:
            type: RuntimeDefault
        initContainers:
          - name: init
            image: busybox
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: [ALL]
        containers:
          - name: flink
            image: flink:2.1
            ports:
              - containerPort: 8081
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: [ALL]
        volumes:
          - name: config
            configMap:
              name: flink-config
          - name: tmp
            emptyDir: {}
      """;

  private static final String CONTAINER = "/spec/containers/0";
  private static final String INIT = "/spec/initContainers/0";
  private static final String POD_CONTEXT = "/spec/securityContext";
  private static final String CONTEXT = CONTAINER + "/securityContext";

  @Test
  void compliantPodMeetsBothLevels() {
    assertThat(PodSecurity.check(pod())).isEmpty();
    assertThat(PodSecurity.check(pod(), Level.BASELINE)).isEmpty();
  }

  /** Fields set to a value the standard forbids: exactly one violation, of the control, at the field. */
  static Stream<Arguments> forbiddenValues() {
    return Stream.of(
        // Baseline controls.
        forbidden("HostProcess", POD_CONTEXT + "/windowsOptions/hostProcess", "true"),
        forbidden("HostProcess", CONTEXT + "/windowsOptions/hostProcess", "true"),
        forbidden("Host Namespaces", "/spec/hostNetwork", "true"),
        forbidden("Host Namespaces", "/spec/hostPID", "true"),
        forbidden("Host Namespaces", "/spec/hostIPC", "true"),
        forbidden("Privileged Containers", CONTEXT + "/privileged", "true"),
        forbidden("Privileged Containers", INIT + "/securityContext/privileged", "true"),
        forbidden("Host Ports", CONTAINER + "/ports/0/hostPort", "8081"),
        forbidden("AppArmor", POD_CONTEXT + "/appArmorProfile/type", "Unconfined"),
        forbidden("AppArmor", CONTEXT + "/appArmorProfile/type", "Unconfined"),
        forbidden("AppArmor", "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1flink",
            "unconfined"),
        forbidden("SELinux", POD_CONTEXT + "/seLinuxOptions/type", "spc_t"),
        forbidden("SELinux", CONTEXT + "/seLinuxOptions/type", "unconfined_t"),
        forbidden("SELinux", CONTEXT + "/seLinuxOptions/user", "system_u"),
        forbidden("SELinux", POD_CONTEXT + "/seLinuxOptions/role", "system_r"),
        forbidden("/proc Mount Type", CONTEXT + "/procMount", "Unmasked"),
        forbidden("Sysctls", POD_CONTEXT + "/sysctls/0/name", "kernel.msgmax"),
        // Restricted controls (hostPath, Unconfined and added capabilities are reported by their stricter twins).
        forbidden("Volume Types", "/spec/volumes/1/hostPath", "{path: /var/run}"),
        forbidden("Volume Types", "/spec/volumes/1/nfs", "{server: nfs.example.com, path: /}"),
        forbidden("Volume Types", "/spec/volumes/1/gitRepo", "{repository: 'https://example.com/r.git'}"),
        forbidden("Privilege Escalation", CONTEXT + "/allowPrivilegeEscalation", "true"),
        forbidden("Running as Non-root", POD_CONTEXT + "/runAsNonRoot", "false"),
        forbidden("Running as Non-root", INIT + "/securityContext/runAsNonRoot", "false"),
        forbidden("Running as Non-root user", POD_CONTEXT + "/runAsUser", "0"),
        forbidden("Running as Non-root user", CONTEXT + "/runAsUser", "0"),
        forbidden("Seccomp", POD_CONTEXT + "/seccompProfile/type", "Localhos"),
        forbidden("Seccomp", CONTEXT + "/seccompProfile/type", "Unconfined"),
        forbidden("Capabilities", CONTEXT + "/capabilities/add/0", "SYS_ADMIN"),
        forbidden("Capabilities", CONTEXT + "/capabilities/add/0", "CHOWN"),
        forbidden("Capabilities", CONTEXT + "/capabilities/drop", "[NET_RAW]"));
  }

  private static Arguments forbidden(String control, String pointer, String yamlValue) {
    return Arguments.of(control, pointer, yamlValue);
  }

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @MethodSource("forbiddenValues")
  void forbiddenValueIsOneViolationAtTheField(String control, String pointer, String yamlValue) {
    ObjectNode pod = set(pod(), pointer, yamlValue);

    List<PodSecurity.Violation> violations = PodSecurity.check(pod);

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).control()).isEqualTo(control);
    assertThat(violations.get(0).pointer()).isEqualTo(pointer);
    assertThat(violations.get(0).message()).isNotBlank();
  }

  /** Values the standard explicitly allows, including its less obvious ones. */
  static Stream<Arguments> allowedValues() {
    return Stream.of(
        Arguments.of("/spec/hostNetwork", "false"),
        Arguments.of(CONTEXT + "/privileged", "false"),
        Arguments.of(POD_CONTEXT + "/windowsOptions/hostProcess", "false"),
        Arguments.of(CONTAINER + "/ports/0/hostPort", "0"),
        Arguments.of(CONTEXT + "/appArmorProfile/type", "Localhost"),
        Arguments.of("/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1flink",
            "localhost/k8s-flink"),
        Arguments.of(CONTEXT + "/seLinuxOptions", "{type: container_init_t, level: 's0:c123,c456'}"),
        Arguments.of(POD_CONTEXT + "/seLinuxOptions", "{type: container_engine_t, user: '', role: ''}"),
        Arguments.of(CONTEXT + "/procMount", "Default"),
        Arguments.of(POD_CONTEXT + "/sysctls", "[{name: net.ipv4.tcp_keepalive_time, value: '60'},"
            + " {name: net.ipv4.ip_unprivileged_port_start, value: '0'}]"),
        Arguments.of("/spec/volumes/1", "{name: data, persistentVolumeClaim: {claimName: data}}"),
        Arguments.of("/spec/volumes/1", "{name: data, ephemeral: {volumeClaimTemplate: {spec: {}}}}"),
        Arguments.of("/spec/volumes/1", "{name: token, projected: {sources: []}}"),
        Arguments.of("/spec/volumes/1", "{name: key, secret: {secretName: key}}"),
        Arguments.of("/spec/volumes/1", "{name: info, downwardAPI: {items: []}}"),
        Arguments.of("/spec/volumes/1", "{name: driver, csi: {driver: secrets-store.csi.k8s.io}}"),
        Arguments.of(CONTEXT + "/runAsUser", "1000"),
        Arguments.of(CONTEXT + "/runAsNonRoot", "true"),
        Arguments.of(CONTEXT + "/seccompProfile", "{type: Localhost, localhostProfile: flink.json}"),
        Arguments.of(CONTEXT + "/capabilities/add", "[NET_BIND_SERVICE]"),
        Arguments.of(CONTEXT + "/capabilities/drop", "[NET_RAW, ALL]"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("allowedValues")
  void allowedValueIsNoViolation(String pointer, String yamlValue) {
    assertThat(PodSecurity.check(set(pod(), pointer, yamlValue))).isEmpty();
  }

  @Test
  void missingRestrictedFieldsAreReportedWhereToSetThem() {
    ObjectNode pod = pod();
    ((ObjectNode) pod.at(CONTAINER)).remove("securityContext");

    assertThat(PodSecurity.check(pod)).extracting(PodSecurity.Violation::control, PodSecurity.Violation::pointer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Privilege Escalation", CONTEXT + "/allowPrivilegeEscalation"),
            org.assertj.core.groups.Tuple.tuple("Capabilities", CONTEXT + "/capabilities/drop"));
  }

  @Test
  void podLevelSettingsAreInheritedByEveryContainer() {
    ObjectNode pod = pod();
    ObjectNode podContext = (ObjectNode) pod.at(POD_CONTEXT);
    podContext.remove(List.of("runAsNonRoot", "seccompProfile"));

    assertThat(PodSecurity.check(pod)).extracting(PodSecurity.Violation::control, PodSecurity.Violation::pointer)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("Running as Non-root", CONTEXT + "/runAsNonRoot"),
            org.assertj.core.groups.Tuple.tuple("Running as Non-root", INIT + "/securityContext/runAsNonRoot"),
            org.assertj.core.groups.Tuple.tuple("Seccomp", CONTEXT + "/seccompProfile/type"),
            org.assertj.core.groups.Tuple.tuple("Seccomp", INIT + "/securityContext/seccompProfile/type"));
  }

  @Test
  void containerLevelSettingsSufficeWhenEveryContainerHasThem() {
    ObjectNode pod = pod();
    ((ObjectNode) pod.at(POD_CONTEXT)).remove(List.of("runAsNonRoot", "seccompProfile"));
    for (String container : List.of(CONTAINER, INIT)) {
      set(pod, container + "/securityContext/runAsNonRoot", "true");
      set(pod, container + "/securityContext/seccompProfile", "{type: RuntimeDefault}");
    }

    assertThat(PodSecurity.check(pod)).isEmpty();
  }

  @Test
  void containerSettingOverridesTheInheritedOne() {
    ObjectNode pod = set(pod(), CONTEXT + "/seccompProfile/type", "Unconfined");
    set(pod, CONTEXT + "/runAsNonRoot", "false");

    assertThat(PodSecurity.check(pod)).extracting(PodSecurity.Violation::pointer)
        .containsExactlyInAnyOrder(CONTEXT + "/seccompProfile/type", CONTEXT + "/runAsNonRoot");
  }

  @Test
  void ephemeralContainersAreChecked() {
    ObjectNode pod = set(pod(), "/spec/ephemeralContainers", "[{name: debug, image: busybox}]");

    assertThat(PodSecurity.check(pod)).extracting(PodSecurity.Violation::pointer).containsExactlyInAnyOrder(
        "/spec/ephemeralContainers/0/securityContext/allowPrivilegeEscalation",
        "/spec/ephemeralContainers/0/securityContext/capabilities/drop");
  }

  @Test
  void windowsPodsAreExemptFromLinuxOnlyControls() {
    ObjectNode pod = set(pod(), "/spec/os", "{name: windows}");
    ((ObjectNode) pod.at(POD_CONTEXT)).remove("seccompProfile");
    ((ObjectNode) pod.at(CONTAINER)).remove("securityContext");

    assertThat(PodSecurity.check(pod)).isEmpty();
    set(pod, CONTEXT + "/seccompProfile/type", "Unconfined");
    set(pod, CONTEXT + "/capabilities/add", "[SYS_ADMIN]");
    assertThat(PodSecurity.check(pod)).extracting(PodSecurity.Violation::control)
        .containsExactlyInAnyOrder("Seccomp", "Capabilities");
  }

  @Test
  void baselineAdmitsTheMinimalPodThatRestrictedRefuses() {
    ObjectNode pod = parse("""
        apiVersion: v1
        kind: Pod
        metadata: {name: minimal}
        spec:
          containers: [{name: app, image: nginx, securityContext: {capabilities: {add: [CHOWN]}}}]
        """);

    assertThat(PodSecurity.check(pod, Level.BASELINE)).isEmpty();
    assertThat(PodSecurity.check(pod)).extracting(PodSecurity.Violation::control).containsExactly(
        "Privilege Escalation", "Running as Non-root", "Seccomp", "Capabilities", "Capabilities");
  }

  @Test
  void baselineReportsHostPathUnconfinedAndExtraCapabilitiesWithItsOwnControls() {
    ObjectNode pod = set(pod(), "/spec/volumes/1/hostPath", "{path: /}");
    set(pod, CONTEXT + "/seccompProfile/type", "Unconfined");
    set(pod, CONTEXT + "/capabilities/add", "[SYS_ADMIN, CHOWN]");

    assertThat(PodSecurity.check(pod, Level.BASELINE)).extracting(PodSecurity.Violation::control)
        .containsExactlyInAnyOrder("HostPath Volumes", "Seccomp", "Capabilities");
  }

  /** The same bad pod spec in every workload kind: the violation's pointer shows the pod spec was found. */
  static Stream<Arguments> workloads() {
    return Stream.of(
        Arguments.of("v1", "Pod", "/spec"),
        Arguments.of("apps/v1", "Deployment", "/spec/template/spec"),
        Arguments.of("apps/v1", "StatefulSet", "/spec/template/spec"),
        Arguments.of("apps/v1", "DaemonSet", "/spec/template/spec"),
        Arguments.of("apps/v1", "ReplicaSet", "/spec/template/spec"),
        Arguments.of("batch/v1", "Job", "/spec/template/spec"),
        Arguments.of("batch/v1", "CronJob", "/spec/jobTemplate/spec/template/spec"),
        Arguments.of("v1", "ReplicationController", "/spec/template/spec"),
        Arguments.of("v1", "PodTemplate", "/template/spec"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("workloads")
  void everyWorkloadKindIsCheckedAtItsPodSpec(String apiVersion, String kind, String podSpec) {
    ObjectNode podSpecNode = (ObjectNode) set(pod(), "/spec/hostPID", "true").get("spec");
    ObjectNode metadata = (ObjectNode) pod().get("metadata");
    set(metadata, "/annotations/container.apparmor.security.beta.kubernetes.io~1flink", "unconfined");
    ObjectNode workload = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    workload.set("metadata", JsonNodeFactory.instance.objectNode().put("name", "w"));
    String podPointer = podSpec.substring(0, podSpec.length() - "/spec".length());
    ObjectNode template = podPointer.isEmpty() ? workload : (ObjectNode) set(workload, podPointer, "{}").at(podPointer);
    template.set("metadata", metadata);
    template.set("spec", podSpecNode);

    assertThat(PodSecurity.podSpecPointer(workload)).contains(podSpec);
    assertThat(PodSecurity.check(workload)).extracting(PodSecurity.Violation::pointer).containsExactlyInAnyOrder(
        podSpec + "/hostPID",
        podPointer + "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1flink");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {hostNetwork: 'true'}}",
      "{apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 80}]}}",
      // Same kind name, another API group: not the apps Deployment, so its spec means something else.
      "{apiVersion: example.com/v1, kind: Deployment, spec: {template: {spec: {hostNetwork: true}}}}",
      "{apiVersion: apps/v1, kind: Deployment, metadata: {name: no-template}, spec: {replicas: 1}}",
      "[1, 2]",
      "just text"})
  void nonWorkloadsHaveNoViolations(String yamlText) {
    JsonNode object = node(yamlText);

    assertThat(PodSecurity.podSpecPointer(object)).isEmpty();
    assertThat(PodSecurity.check(object)).isEmpty();
  }

  @Test
  void nullIsNoWorkload() {
    assertThat(PodSecurity.check(null)).isEmpty();
  }

  @Test
  void checkYamlNamesDocumentKindAndObject() {
    String yamlText = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"
        + COMPLIANT_POD.replace("  securityContext:\n    runAsNonRoot: true\n",
            "  hostNetwork: true\n  securityContext:\n    runAsNonRoot: true\n")
        + "---\nkind: [unclosed\n";

    List<Finding> findings = PodSecurity.checkYaml("app.yaml", yamlText);

    assertThat(findings).hasSize(2);
    assertThat(findings.get(0).toString()).isEqualTo("app.yaml#1 (Pod flink) /spec/hostNetwork: Host Namespaces:"
        + " sharing the node's namespaces must be disallowed; remove hostNetwork or set it to false");
    assertThat(findings.get(1).documentIndex()).isEqualTo(2);
    assertThat(findings.get(1).message()).startsWith("YAML syntax error");
  }

  @Test
  void violationReadsAsOneLine() {
    assertThat(new PodSecurity.Violation("/spec/hostPID", "Host Namespaces", "remove hostPID"))
        .hasToString("/spec/hostPID: Host Namespaces: remove hostPID");
  }

  private static ObjectNode pod() {
    return parse(COMPLIANT_POD);
  }
}
