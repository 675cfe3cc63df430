package io.flinkstack.constructs.runtimecontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RuntimeControllerProps;
import io.flinkstack.constructs.operatorinstall.ObjectsByNamespace;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.ControllerRuntime;
import io.flinkstack.contract.resource.CustomResourceDefinitions;
import io.flinkstack.schemas.PodSecurity;
import io.flinkstack.schemas.SchemaValidator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The runtime controller's objects, built without cdk8s (no JSII). */
class RuntimeControllerManifestsTest {
  private static final String IMAGE = "registry.example.com/flinkstack-controller:0.1.0";

  private static RuntimeControllerProps.Builder props() {
    return RuntimeControllerProps.builder().image(IMAGE);
  }

  private static RuntimeControllerSpec spec(RuntimeControllerProps.Builder props) {
    return RuntimeControllerValidator.validate(props.build(), () -> "chart/controller");
  }

  private static ObjectsByNamespace build(RuntimeControllerProps.Builder props) {
    return RuntimeControllerManifests.build(spec(props));
  }

  private static List<String> problems(RuntimeControllerProps.Builder props) {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> spec(props));
    assertThat(e).as("expected a ValidationException").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  private static <T extends HasMetadata> List<T> all(ObjectsByNamespace objects, Class<T> type) {
    return objects.all().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static String id(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
  }

  private static Container container(ObjectsByNamespace objects) {
    return all(objects, Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void watchesItsOwnNamespaceByDefaultAndNothingIsClusterWide() {
    ObjectsByNamespace objects = build(props());
    assertThat(objects.all()).extracting(RuntimeControllerManifestsTest::id).containsExactly(
        "CustomResourceDefinition flinkjobs.flinkstack.io",
        "CustomResourceDefinition flinksnapshots.flinkstack.io",
        "ValidatingAdmissionPolicy flinkstack-controller-statefulset-writes",
        "ValidatingAdmissionPolicyBinding flinkstack-controller-statefulset-writes",
        "ServiceAccount flinkstack-system/flinkstack-controller",
        "Role flinkstack-system/flinkstack-controller-leader-election",
        "RoleBinding flinkstack-system/flinkstack-controller-leader-election",
        "Role flinkstack-system/flinkstack-controller",
        "RoleBinding flinkstack-system/flinkstack-controller",
        "Service flinkstack-system/flinkstack-controller-metrics",
        "Deployment flinkstack-system/flinkstack-controller",
        "PodDisruptionBudget flinkstack-system/flinkstack-controller");
    assertThat(all(objects, ClusterRole.class)).isEmpty();
    assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
    RoleBinding binding = all(objects, RoleBinding.class).get(1);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("flinkstack-controller");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getNamespace()).isEqualTo("flinkstack-system");
    });
    // Never the all-namespaces mode: the watched namespace is always passed.
    assertThat(container(objects).getArgs()).containsExactly(ControllerRuntime.COMMAND,
        ControllerRuntime.FLAG_NAMESPACE, "flinkstack-system",
        ControllerRuntime.FLAG_LEASE_NAME, ControllerRuntime.DEFAULT_LEASE_NAME,
        ControllerRuntime.FLAG_METRICS_PORT, "9090");
    assertThat(spec(props()).watchNamespaces()).containsExactly("flinkstack-system");
  }

  @Test
  void theCustomResourceDefinitionsAreTheContractsWithTheControllersLabels() throws Exception {
    List<CustomResourceDefinition> crds = all(build(props().labels(Map.of("team", "platform"))),
        CustomResourceDefinition.class);
    assertThat(crds).hasSize(2);
    com.fasterxml.jackson.databind.ObjectMapper yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    for (int i = 0; i < crds.size(); i++) {
      JsonNode generated = yaml.readTree(CustomResourceDefinitions.yaml().get(i));
      JsonNode written = ManifestJson.MAPPER.valueToTree(crds.get(i));
      assertThat(written.path("apiVersion").asText()).isEqualTo("apiextensions.k8s.io/v1");
      assertThat(written.path("spec").path("scope").asText()).isEqualTo("Namespaced");
      // The schema, CEL rules, printer columns and subresources exactly as crd-generator wrote them.
      assertThat(written.path("spec")).isEqualTo(generated.path("spec"));
      assertThat(written.path("metadata").path("name")).isEqualTo(generated.path("metadata").path("name"));
      assertThat(written.path("metadata").path("namespace").isMissingNode()).isTrue();
      assertThat(written.path("metadata").path("labels").path("team").asText()).isEqualTo("platform");
      assertThat(CustomResourceSchemas.validator().validate(written)).isEmpty();
      assertThat(io.flinkstack.constructs.synth.DeploymentTier.of(written.path("kind").asText()))
          .isEqualTo(io.flinkstack.constructs.synth.DeploymentTier.NAMESPACES);
    }
  }

  @Test
  void watchedNamespacesGetARoleEachAndNothingIsClusterWide() {
    ObjectsByNamespace objects = build(props().namespace("flink-ops").watchNamespaces(List.of("payments", "flink-ops"))
        .reconcileInterval(" 15 s ").leaseName("ops-lease"));
    assertThat(all(objects, ClusterRole.class)).isEmpty();
    assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
    // Only the CRDs, the StatefulSet write policy and its binding are cluster-scoped.
    assertThat(objects.in(ObjectsByNamespace.CLUSTER)).extracting(RuntimeControllerManifestsTest::id).containsExactly(
        "CustomResourceDefinition flinkjobs.flinkstack.io", "CustomResourceDefinition flinksnapshots.flinkstack.io",
        "ValidatingAdmissionPolicy flinkstack-controller-statefulset-writes",
        "ValidatingAdmissionPolicyBinding flinkstack-controller-statefulset-writes");
    assertThat(objects.namespaces()).containsExactly(ObjectsByNamespace.CLUSTER, "flink-ops", "payments");
    assertThat(all(objects, Role.class)).extracting(RuntimeControllerManifestsTest::id).containsExactly(
        "Role flink-ops/flinkstack-controller-leader-election", "Role flink-ops/flinkstack-controller",
        "Role payments/flinkstack-controller");
    assertThat(all(objects, RoleBinding.class)).allSatisfy(b -> assertThat(b.getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("flink-ops")));
    assertThat(container(objects).getArgs()).containsExactly(ControllerRuntime.COMMAND,
        ControllerRuntime.FLAG_NAMESPACE, "payments", ControllerRuntime.FLAG_NAMESPACE, "flink-ops",
        ControllerRuntime.FLAG_LEASE_NAME, "ops-lease", ControllerRuntime.FLAG_METRICS_PORT, "9090",
        ControllerRuntime.FLAG_INTERVAL, "15 s");
  }

  @Test
  void rbacIsLeastPrivilegeWithoutWildcards() {
    for (ObjectsByNamespace objects : List.of(build(props()), build(props().watchNamespaces(List.of("a", "b"))))) {
      List<PolicyRule> rules = objects.all().stream().flatMap(o -> o instanceof Role r ? r.getRules().stream()
          : o instanceof ClusterRole c ? c.getRules().stream() : java.util.stream.Stream.empty()).toList();
      assertThat(rules).isNotEmpty().allSatisfy(r -> {
        assertThat(r.getVerbs()).doesNotContain("*").doesNotContain("deletecollection", "escalate", "bind");
        assertThat(r.getResources()).doesNotContain("*");
        assertThat(r.getApiGroups()).doesNotContain("*");
        // Secrets (a session job's jarCredentials): get by name only — never list or watch, which would hand the
        // controller every Secret of the namespace.
        if (r.getResources().contains("secrets")) {
          assertThat(r.getVerbs()).containsExactly("get");
          assertThat(r.getResources()).containsExactly("secrets");
        }
      });
      // ... and only through the per-namespace Roles, never a ClusterRole.
      assertThat(objects.all()).filteredOn(o -> o instanceof ClusterRole)
          .allSatisfy(c -> assertThat(rulesOf(c)).noneMatch(r -> r.getResources().contains("secrets")));
    }
    // Leases only in the controller's own namespace, through a Role.
    for (ObjectsByNamespace objects : List.of(build(props()), build(props().watchNamespaces(List.of("a", "b"))))) {
      assertThat(objects.all()).filteredOn(o -> o instanceof Role || o instanceof ClusterRole)
          .filteredOn(o -> rulesOf(o).stream().anyMatch(r -> r.getResources().contains("leases")))
          .extracting(RuntimeControllerManifestsTest::id)
          .containsExactly("Role flinkstack-system/flinkstack-controller-leader-election");
    }
    assertThat(RuntimeControllerManifests.watchRules()).extracting(r -> r.getApiGroups().get(0) + ":"
        + r.getResources().get(0) + ":" + String.join(",", r.getVerbs())).containsExactly(
        "flinkstack.io:flinkjobs:get,list,watch,update",
        "flinkstack.io:flinkjobs/status:get,update,patch",
        "flinkstack.io:flinksnapshots:get,list,watch,create,update,delete",
        "flinkstack.io:flinksnapshots/status:get,update,patch",
        ":configmaps:get,list,watch,create,update,delete",
        ":pods:get,list,watch,delete",
        ":pods/status:get,update",
        "apps:statefulsets:get,list,watch,update",
        "apps:statefulsets/scale:get,patch",
        ":events:create,patch",
        ":secrets:get");
  }

  @Test
  void theStatefulSetWritePolicyMatchesOnlyTheControllersUpdates() {
    ObjectsByNamespace objects = build(props().name("ops-controller").namespace("flink-ops"));
    ValidatingAdmissionPolicy policy = all(objects, ValidatingAdmissionPolicy.class).get(0);
    assertThat(policy.getMetadata().getName()).isEqualTo("ops-controller-statefulset-writes");
    assertThat(policy.getMetadata().getNamespace()).isNull();
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    // The StatefulSet itself, UPDATE only; statefulsets/scale (the HPA's way to the replicas, and the controller's) is
    // not matched.
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).singleElement().satisfies(r -> {
      assertThat(r.getApiGroups()).containsExactly("apps");
      assertThat(r.getApiVersions()).containsExactly("v1");
      assertThat(r.getOperations()).containsExactly("UPDATE");
      assertThat(r.getResources()).containsExactly("statefulsets");
    });
    assertThat(policy.getSpec().getMatchConditions()).singleElement().satisfies(c -> assertThat(c.getExpression())
        .isEqualTo("request.userInfo.username == 'system:serviceaccount:flink-ops:ops-controller'"));
    assertThat(policy.getSpec().getValidations()).hasSize(2);
    // The one field the controller owns appears in no comparison; the replicas, written through /scale, do.
    assertThat(policy.getSpec().getValidations()).allSatisfy(v -> assertThat(v.getExpression())
        .doesNotContain("partition"));
    assertThat(policy.getSpec().getValidations().get(0).getExpression())
        .contains("has(object.spec.replicas) == has(oldObject.spec.replicas) && (!has(object.spec.replicas) ||"
            + " object.spec.replicas == oldObject.spec.replicas)");
    ValidatingAdmissionPolicyBinding binding = all(objects, ValidatingAdmissionPolicyBinding.class).get(0);
    assertThat(binding.getMetadata().getName()).isEqualTo("ops-controller-statefulset-writes");
    assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    assertThat(binding.getSpec().getMatchResources()).isNull();
    assertThat(binding.getSpec().getParamRef()).isNull();
  }

  private static List<PolicyRule> rulesOf(HasMetadata o) {
    return o instanceof Role r ? r.getRules() : ((ClusterRole) o).getRules();
  }

  @Test
  void theDeploymentRunsTheControllerLikeTheFlinkWorkloads() {
    ObjectsByNamespace objects = build(props().imagePullPolicy(ImagePullPolicy.ALWAYS)
        .resources(Resources.of("1Gi", 0.5)).labels(Map.of("team", "data")));
    Deployment d = all(objects, Deployment.class).get(0);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name",
        "app.kubernetes.io/instance");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "data");
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(t -> assertThat(t.getPodAffinityTerm().getTopologyKey())
            .isEqualTo("kubernetes.io/hostname"));
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(IMAGE);
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValueFrom().getFieldRef().getFieldPath())
        .containsExactly("POD_NAME=metadata.name", "POD_NAMESPACE=metadata.namespace");
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("metrics");
      assertThat(p.getContainerPort()).isEqualTo(ControllerRuntime.METRICS_PORT);
    });
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(ControllerRuntime.HEALTH_PATH);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(ControllerRuntime.HEALTH_PATH);
    assertThat(c.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
    assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("1024Mi");
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(c.getResources().getLimits()).containsOnlyKeys("memory");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/tmp");
    assertThat(all(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class)).singleElement()
        .satisfies(sa -> assertThat(sa.getAutomountServiceAccountToken()).isTrue());
    assertThat(all(objects, PodDisruptionBudget.class)).singleElement()
        .satisfies(p -> assertThat(p.getSpec().getMinAvailable().getIntVal()).isEqualTo(1));
    assertThat(all(build(props().replicas(1)), PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void jarHostsBecomeOneFlagEach() {
    ObjectsByNamespace objects = build(props().jarHosts(List.of("Artifacts.Example.com", "*.example.org",
        "artifacts.example.com")));
    assertThat(container(objects).getArgs()).containsExactly(ControllerRuntime.COMMAND,
        ControllerRuntime.FLAG_NAMESPACE, "flinkstack-system",
        ControllerRuntime.FLAG_LEASE_NAME, ControllerRuntime.DEFAULT_LEASE_NAME,
        ControllerRuntime.FLAG_METRICS_PORT, "9090",
        ControllerRuntime.FLAG_JAR_HOST, "artifacts.example.com", ControllerRuntime.FLAG_JAR_HOST, "*.example.org");
  }

  @Test
  void savepointSnapshotsIsOneFlagAndOffByDefault() {
    assertThat(container(build(props())).getArgs()).doesNotContain(ControllerRuntime.FLAG_SAVEPOINT_SNAPSHOTS);
    assertThat(container(build(props().savepointSnapshots(true))).getArgs()).containsExactly(ControllerRuntime.COMMAND,
        ControllerRuntime.FLAG_NAMESPACE, "flinkstack-system",
        ControllerRuntime.FLAG_LEASE_NAME, ControllerRuntime.DEFAULT_LEASE_NAME,
        ControllerRuntime.FLAG_METRICS_PORT, "9090",
        ControllerRuntime.FLAG_SAVEPOINT_SNAPSHOTS);
  }

  @Test
  void badJarHostsAreEachAProblemNamingTheField() {

    List<String> all = problems(props().jarHosts(List.of("https://artifacts.example.com/jars", "repo.example.com:443",
        "*", "ok.example.com")));
    assertThat(all).hasSize(3).allSatisfy(p -> assertThat(p).startsWith("chart/controller: jarHosts: '")
        .contains("is not a host name").contains("*.example.com"));
    assertThat(all.get(0)).contains("'https://artifacts.example.com/jars'");
  }

  @Test
  void theMetricsServiceIsScrapedByPrometheus() {
    Service s = all(build(props()), Service.class).get(0);
    assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getName()).isEqualTo("metrics"));
    assertThat(s.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9090").containsEntry("prometheus.io/path", ControllerRuntime.METRICS_PATH);
    assertThat(s.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "flinkstack-controller")
        .containsEntry("app.kubernetes.io/component", "controller");
  }

  @Test
  void everyObjectIsValidAgainstTheStrictSchemasAndRestricted() {
    for (RuntimeControllerProps.Builder p : List.of(props(), props().watchNamespaces(List.of("a", "b")).replicas(1),
        props().reconcileInterval("30 s").labels(Map.of("example.com/team", "data")))) {
      for (HasMetadata o : build(p).all()) {
        JsonNode json = ManifestJson.MAPPER.valueToTree(o);
        assertThat(SchemaValidator.forKubernetes().validate(json)).as(id(o)).isEmpty();
        assertThat(io.flinkstack.schemas.apiserver.ApiServerRules.check(json)).as(id(o)).isEmpty();
        assertThat(PodSecurity.check(json)).as(id(o)).isEmpty();
      }
    }
  }

  @Test
  void everyProblemNamesItsField() {
    assertThat(problems(RuntimeControllerProps.builder())).containsExactly(
        "chart/controller: image: is required (flinkstack builds no controller image); e.g."
            + " image(\"registry.example.com/flinkstack-controller:0.1.0\")");
    List<String> all = problems(props().name("Controller").namespace("Flink_Ops")
        .watchNamespaces(Arrays.asList("a", "a", null)).replicas(0).leaseName("Lease!").reconcileInterval("soon")
        .resources(Resources.of("lots", 0)).labels(Map.of("app.kubernetes.io/name", "x", "bad key", "v")));
    assertThat(all.stream().map(p -> p.split(": ")[1]).toList()).containsExactlyInAnyOrder("name", "namespace",
        "watchNamespaces", "watchNamespaces", "replicas", "leaseName", "reconcileInterval", "resources.memory",
        "resources.cpu", "labels.app.kubernetes.io/name", "labels");
    assertThat(all).allSatisfy(p -> assertThat(p).startsWith("chart/controller: ").doesNotContain("\n"));
    assertThat(all).contains("chart/controller: reconcileInterval: 'soon' is not a Flink duration; e.g. 15 s,"
        + " 500 ms, 5 min, 24 h", "chart/controller: watchNamespaces: 'a' is listed twice");
    assertThat(problems(props().resources(null))).singleElement().asString().contains("resources: is null");
    assertThat(problems(props().namespace(null))).containsExactly(
        "chart/controller: namespace: is required; e.g. namespace(\"flinkstack-system\")");
    assertThat(Objects.requireNonNull(spec(props().imagePullPolicy(null))).imagePullPolicy()).isEqualTo("IfNotPresent");
  }
}
