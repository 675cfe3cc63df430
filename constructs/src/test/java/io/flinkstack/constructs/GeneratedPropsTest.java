package io.flinkstack.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.FlinkVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;

/** The props and builders generated from the *PropsDeclaration classes behave as the hand-written ones did. */
class GeneratedPropsTest {
  @Test
  void everyPropertyStartsAtItsDeclaredDefault() {
    FlinkApplicationProps props = FlinkApplicationProps.builder().build();
    assertThat(props.getTaskManagers()).isEqualTo(1);
    assertThat(props.getImagePullPolicy()).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
    assertThat(props.getBackend()).isEqualTo(Backend.STANDALONE);
    assertThat(props.isNetworkPolicy()).isTrue();
    assertThat(props.getRuntimeControllerNamespace()).isEqualTo("flinkstack-system");
    assertThat(props.getOperatorNamespace()).isEqualTo(FlinkOperatorInstallProps.DEFAULT_NAMESPACE);
    assertThat(props.getIngressControllerNamespace()).isEqualTo("ingress-nginx");
    assertThat(props.getArgs()).isEmpty();
    assertThat(props.getJob()).isNotNull();
    assertThat(props.getName()).isNull();
    assertThat(RuntimeControllerProps.builder().build().getReplicas()).isEqualTo(RuntimeControllerProps.DEFAULT_REPLICAS);
    assertThat(FlinkOperatorInstallProps.builder().build().getReconcileInterval()).isEqualTo("15 s");
  }

  @Test
  void nullMeansTheDefaultWhereDeclaredAndIsKeptElsewhere() {
    FlinkApplicationProps props = FlinkApplicationProps.builder().backend(null).job(null).placement(null).build();
    assertThat(props.getBackend()).isEqualTo(Backend.STANDALONE);
    assertThat(props.getJob()).isNotNull();
    assertThat(props.getPlacement()).isNull();
    assertThat(SqlJobProps.builder().job(null).build().getJob()).isNotNull();
  }

  @Test
  void listsAndMapsAreCopiedUnmodifiableWithNullAsEmptyUnlessKept() {
    List<String> args = new ArrayList<>(Arrays.asList("--in", null));
    FlinkApplicationProps props = FlinkApplicationProps.builder().args(args).env(null).build();
    args.add("--out");
    assertThat(props.getArgs()).containsExactly("--in", null);
    assertThat(props.getEnv()).isEmpty();
    assertThatThrownBy(() -> props.getArgs().add("x")).isInstanceOf(UnsupportedOperationException.class);

    FlinkOperatorInstallProps operator = FlinkOperatorInstallProps.builder().jobNamespaces(null).watchedNamespaces(null)
        .build();
    assertThat(operator.getJobNamespaces()).isNull();
    assertThat(operator.getWatchedNamespaces()).isEmpty();
  }

  @Test
  void theNamespacesAppPeersMayDecideRecordWhetherTheyWereSet() {
    ClusterProps untouched = FlinkSessionClusterProps.builder().build();
    assertThat(untouched.runtimeControllerNamespaceSet).isFalse();
    assertThat(untouched.operatorNamespaceSet).isFalse();
    ClusterProps set = FlinkSessionClusterProps.builder().runtimeControllerNamespace(null).operatorNamespace("ops").build();
    assertThat(set.runtimeControllerNamespaceSet).isTrue();
    assertThat(set.getRuntimeControllerNamespace()).isNull();
    assertThat(set.operatorNamespaceSet).isTrue();
  }

  @Test
  void aSetterOverloadConvertsToTheProperty() {
    assertThat(FlinkApplicationProps.builder().flinkVersion(FlinkVersion.V1_20).build().getFlinkVersion())
        .isEqualTo(FlinkVersion.V1_20.toString());
    assertThat(FlinkApplicationProps.builder().flinkVersion((FlinkVersion) null).build().getFlinkVersion()).isNull();
  }

  @Test
  void theConstructBuilderBuildsTheConstructFromTheSameSetters() {
    Chart chart = new Chart(new App(), "chart");
    FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "session").image("flink:2.1")
        .taskManagers(2).build();
    assertThat(session.getSlots()).isEqualTo(2);
    SqlJob job = SqlJob.Builder.create(chart, "sql").cluster(session).name("report").parallelism(2)
        .statements("INSERT INTO sink SELECT * FROM source").build();
    assertThat(job.getDeclaration().name()).isEqualTo("report");
  }
}
