package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesTypesTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "v1, ServiceAccount, com.pulumi.kubernetes.core.v1.ServiceAccount",
      "v1, ConfigMap, com.pulumi.kubernetes.core.v1.ConfigMap",
      "v1, Secret, com.pulumi.kubernetes.core.v1.Secret",
      "v1, Service, com.pulumi.kubernetes.core.v1.Service",
      "v1, PersistentVolumeClaim, com.pulumi.kubernetes.core.v1.PersistentVolumeClaim",
      "apps/v1, StatefulSet, com.pulumi.kubernetes.apps.v1.StatefulSet",
      "apps/v1, Deployment, com.pulumi.kubernetes.apps.v1.Deployment",
      "rbac.authorization.k8s.io/v1, Role, com.pulumi.kubernetes.rbac.v1.Role",
      "rbac.authorization.k8s.io/v1, RoleBinding, com.pulumi.kubernetes.rbac.v1.RoleBinding",
      "autoscaling/v2, HorizontalPodAutoscaler, com.pulumi.kubernetes.autoscaling.v2.HorizontalPodAutoscaler",
      "policy/v1, PodDisruptionBudget, com.pulumi.kubernetes.policy.v1.PodDisruptionBudget",
      "networking.k8s.io/v1, NetworkPolicy, com.pulumi.kubernetes.networking.v1.NetworkPolicy",
      "networking.k8s.io/v1, Ingress, com.pulumi.kubernetes.networking.v1.Ingress",
      "coordination.k8s.io/v1, Lease, com.pulumi.kubernetes.coordination.v1.Lease",
  })
  void builtInKindsHaveTypedClasses(String apiVersion, String kind, String className) {
    assertThat(KubernetesTypes.typed(apiVersion, kind))
        .hasValueSatisfying(t -> assertThat(t.constructor().getDeclaringClass().getName()).isEqualTo(className));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "flink.apache.org/v1beta1, FlinkDeployment",
      // a custom group whose first label is a built-in group's name
      "apps.example.com/v1, Deployment",
      "v1, NoSuchKind",
  })
  void othersHaveNone(String apiVersion, String kind) {
    assertThat(KubernetesTypes.typed(apiVersion, kind)).isEmpty();
  }

  @Test
  void tokensFollowTheProvidersScheme() {
    assertThat(KubernetesTypes.token("v1", "ConfigMap")).isEqualTo("kubernetes:core/v1:ConfigMap");
    assertThat(KubernetesTypes.token("coordination.k8s.io/v1", "Lease"))
        .isEqualTo("kubernetes:coordination.k8s.io/v1:Lease");
    assertThat(KubernetesTypes.token("flink.apache.org/v1beta1", "FlinkDeployment"))
        .isEqualTo("kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
  }
}
