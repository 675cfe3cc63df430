package io.flinkstack.constructs.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.schemas.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestChecksTest {
  /** The common template grants privilege, the TaskManager's own adds the host's network. */
  private static final String FLINK_DEPLOYMENT = """
      apiVersion: flink.apache.org/v1beta1
      kind: FlinkDeployment
      metadata:
        name: orders
        namespace: orders
      spec:
        image: flink:1.20
        flinkVersion: v1_20
        serviceAccount: orders
        podTemplate:
          spec:
            containers:
              - name: flink-main-container
                securityContext:
                  privileged: true
        jobManager:
          resource: {memory: 1024m, cpu: 1}
        taskManager:
          resource: {memory: 1024m, cpu: 1}
          podTemplate:
            spec:
              hostNetwork: true
      """;

  private static List<String> podSecurityLines(ManifestChecks checks) {
    return checks.checkManifests(List.of(new ChartManifest("orders.k8s.yaml", 1, List.of("FlinkDeployment"), FLINK_DEPLOYMENT)))
        .problems().stream().map(Finding::toString)
        .filter(line -> line.contains("Privileged Containers") || line.contains("Host Namespaces")).toList();
  }

  @Test
  void aFlinkDeploymentsPodsAreJudgedThroughItsTemplatesEachFieldWhereItIsSet() {
    assertThat(podSecurityLines(ManifestChecks.standard())).containsExactly(
        // once, though both components inherit it
        "orders.k8s.yaml#0 (FlinkDeployment orders) /spec/podTemplate/spec/containers/0/securityContext/privileged:"
            + " Privileged Containers: a privileged container disables most security mechanisms; remove"
            + " securityContext.privileged or set it to false",
        "orders.k8s.yaml#0 (FlinkDeployment orders) /spec/taskManager/podTemplate/spec/hostNetwork: Host Namespaces:"
            + " sharing the node's namespaces must be disallowed; remove hostNetwork or set it to false");
  }

  @Test
  void podSecurityCanBeLeftOut() {
    assertThat(podSecurityLines(ManifestChecks.standard().withPodSecurity(null))).isEmpty();
    assertThat(ManifestChecks.standard().withPodSecurity(null).podSecurity()).isEmpty();
  }
}
