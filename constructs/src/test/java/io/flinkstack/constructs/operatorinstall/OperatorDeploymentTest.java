package io.flinkstack.constructs.operatorinstall;

import static io.flinkstack.constructs.operatorinstall.Installs.NS;
import static io.flinkstack.constructs.operatorinstall.Installs.build;
import static io.flinkstack.constructs.operatorinstall.Installs.find;
import static io.flinkstack.constructs.operatorinstall.Installs.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.flinkstack.constructs.FlinkOperatorInstallProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's Deployment and configuration: the contract of the operator image. */
class OperatorDeploymentTest {
  private static Deployment deployment(FlinkOperatorInstallProps.Builder props) {
    return find(build(props).all(), Deployment.class, NS, "flink-kubernetes-operator");
  }

  private static String config(FlinkOperatorInstallProps.Builder props, String file) {
    return find(build(props).all(), ConfigMap.class, NS, "flink-operator-config").getData().get(file);
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName,
        e -> e.getValue() != null ? e.getValue() : "from " + e.getValueFrom().toString()));
  }

  @Test
  void runsTheOperatorEntrypointWithItsConfigDirectory() {
    PodSpec pod = deployment(props()).getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("flink-operator");
    assertThat(pod.getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getImage()).isEqualTo("apache/flink-kubernetes-operator:1.10.0");
      assertThat(c.getCommand()).containsExactly("/docker-entrypoint.sh", "operator");
      assertThat(env(c)).containsEntry("FLINK_CONF_DIR", "/opt/flink/conf")
          .containsEntry("FLINK_PLUGINS_DIR", "/opt/flink/plugins")
          .containsEntry("OPERATOR_NAME", "flink-kubernetes-operator")
          .containsEntry("LOG_CONFIG", "-Dlog4j.configurationFile=/opt/flink/conf/log4j-operator.properties")
          .containsKeys("OPERATOR_NAMESPACE", "POD_NAME", "POD_IP", "HOST_IP")
          .doesNotContainKey("JVM_ARGS");
      assertThat(c.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
      assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath())
          .containsExactly("/opt/flink/conf", "/opt/flink/artifacts", "/tmp");
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/");
      assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health-port");
      assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8085));
      assertThat(c.getStartupProbe().getFailureThreshold()).isEqualTo(30);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getResources().getLimits()).containsOnlyKeys("memory");
    });
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(9999L);
    assertThat(deployment(props()).getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment(props().jvmArgs("-XX:MaxRAMPercentage=70")).getSpec().getTemplate().getSpec()
        .getContainers().get(0).getEnv()).contains(new EnvVar("JVM_ARGS", "-XX:MaxRAMPercentage=70", null));
  }

  @Test
  void configurationHasTheDerivedKeysAndTheUsersWin() {
    String conf = config(props().watchedNamespaces(List.of("analytics", "payments")).leaderElection(true).replicas(2)
        .configuration(Map.of("kubernetes.operator.reconcile.interval", "30 s",
            "kubernetes.operator.job.upgrade.last-state-fallback.enabled", "false")), "flink-conf.yaml");
    assertThat(conf.lines().filter(l -> !l.startsWith("#"))).containsExactly(
        "kubernetes.operator.health.probe.enabled: true",
        "kubernetes.operator.health.probe.port: 8085",
        "kubernetes.operator.job.upgrade.last-state-fallback.enabled: false",
        "kubernetes.operator.leader-election.enabled: true",
        "kubernetes.operator.leader-election.lease-name: flink-operator-lease",
        "kubernetes.operator.observer.progress-check.interval: 5 s",
        "kubernetes.operator.reconcile.interval: 30 s",
        "kubernetes.operator.savepoint.history.max.age: 24 h",
        "kubernetes.operator.savepoint.history.max.count: 10",
        "kubernetes.operator.watched.namespaces: analytics,payments");
    // All namespaces: the operator's default, so the key is left out.
    assertThat(config(props(), "flink-conf.yaml")).doesNotContain("watched.namespaces", "leader-election");
    assertThat(config(props(), "log4j-operator.properties")).contains("appender.console.type = CONSOLE");
    assertThat(config(props(), "log4j-console.properties")).contains("${sys:log.file}");
    assertThat(config(props().flinkLogConfiguration("rootLogger.level = WARN\n"), "log4j-console.properties"))
        .isEqualTo("rootLogger.level = WARN\n");
  }

  @Test
  void flinksOwnParserReadsTheConfigurationBack(@TempDir Path dir) throws Exception {
    // The operator loads its directory with Flink's GlobalConfiguration, as this does.
    Map<String, String> extra = Map.of("kubernetes.operator.exception.label.mapper",
        "Job has already been submitted:duplicatedJobFound", "kubernetes.operator.user.artifacts.http.header", "a:b,c:d");
    var props = props().watchedNamespaces(List.of("analytics", "payments")).configuration(extra);
    Files.writeString(dir.resolve("flink-conf.yaml"), config(props, "flink-conf.yaml"));
    Map<String, String> read = GlobalConfiguration.loadConfiguration(dir.toString()).toMap();
    assertThat(read).containsAllEntriesOf(Installs.spec(props).configuration()).containsAllEntriesOf(extra)
        .containsEntry("kubernetes.operator.watched.namespaces", "analytics,payments");
  }

  @Test
  void aConfigurationChangeRollsTheOperator() {
    String before = deployment(props()).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(OperatorDeployment.CONFIG_HASH_ANNOTATION);
    String after = deployment(props().reconcileInterval("1 min")).getSpec().getTemplate().getMetadata()
        .getAnnotations().get(OperatorDeployment.CONFIG_HASH_ANNOTATION);
    assertThat(before).hasSize(64).isNotEqualTo(after);
    assertThat(deployment(props()).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(OperatorDeployment.CONFIG_HASH_ANNOTATION)).isEqualTo(before);
  }

  @Test
  void standbyOperatorsRollOneByOne() {
    Deployment ha = deployment(props().leaderElection(true).replicas(2));
    assertThat(ha.getSpec().getReplicas()).isEqualTo(2);
    assertThat(ha.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
  }
}
