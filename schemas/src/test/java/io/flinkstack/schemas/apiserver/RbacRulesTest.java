package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.apiserver.Manifests.CLUSTER_ROLE;
import static io.flinkstack.schemas.apiserver.Manifests.CLUSTER_ROLE_BINDING;
import static io.flinkstack.schemas.apiserver.Manifests.ROLE;
import static io.flinkstack.schemas.apiserver.Manifests.ROLE_BINDING;
import static io.flinkstack.schemas.apiserver.Manifests.with;
import static io.flinkstack.schemas.apiserver.Manifests.without;
import static io.flinkstack.schemas.apiserver.RuleCases.accept;
import static io.flinkstack.schemas.apiserver.RuleCases.reject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding and ValidateRoleBindingSubject. */
class RbacRulesTest {
  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("rules have verbs", with(ROLE, "/rules/0/verbs", "[]"), "/rules/0/verbs", "at least one value"),
        reject("Roles grant no non-resource URLs", with(ROLE, "/rules/2", "{nonResourceURLs: [/metrics], verbs: [get]}"),
            "/rules/2/nonResourceURLs", "use a ClusterRole"),
        reject("a rule is for resources or URLs", with(CLUSTER_ROLE, "/rules/1/resources", "[pods]"),
            "/rules/1/nonResourceURLs", "not both"),
        reject("resource rules name api groups", without(ROLE, "/rules/1/apiGroups"), "/rules/1/apiGroups",
            "at least one api group"),
        reject("resource rules name resources", without(ROLE, "/rules/1/resources"), "/rules/1/resources",
            "at least one resource"),
        reject("aggregation rules select roles", with(CLUSTER_ROLE, "/aggregationRule", "{clusterRoleSelectors: []}"),
            "/aggregationRule/clusterRoleSelectors", "at least one clusterRoleSelector"),
        reject("roleRef.apiGroup is RBAC's", with(ROLE_BINDING, "/roleRef/apiGroup", "rbac"), "/roleRef/apiGroup",
            "must be rbac.authorization.k8s.io"),
        reject("RoleBindings refer to roles", with(ROLE_BINDING, "/roleRef/kind", "User"), "/roleRef/kind",
            "refers to a Role or a ClusterRole"),
        reject("roleRef names a role", without(ROLE_BINDING, "/roleRef/name"), "/roleRef/name", "is required"),
        reject("roleRef names are path segments", with(ROLE_BINDING, "/roleRef/name", "flink/ha"), "/roleRef/name",
            "may not contain '/'"),
        reject("subject kinds", with(ROLE_BINDING, "/subjects/0/kind", "Bot"), "/subjects/0/kind",
            "not a subject kind"),
        reject("subjects have names", with(ROLE_BINDING, "/subjects/1/name", "\"\""), "/subjects/1/name",
            "subject name is required"),
        reject("ServiceAccount names are DNS subdomains", with(ROLE_BINDING, "/subjects/0/name", "WordCount"),
            "/subjects/0/name", "ServiceAccount name 'WordCount'"),
        reject("ServiceAccounts are in the core group", with(ROLE_BINDING, "/subjects/0/apiGroup", "v1"),
            "/subjects/0/apiGroup", "must be empty"),
        reject("Groups are RBAC's", with(ROLE_BINDING, "/subjects/1/apiGroup", "example.com"),
            "/subjects/1/apiGroup", "must be rbac.authorization.k8s.io"),
        reject("ClusterRoleBindings refer to ClusterRoles", with(CLUSTER_ROLE_BINDING, "/roleRef/kind", "Role"),
            "/roleRef/kind", "refers to a ClusterRole"),
        reject("cluster-wide ServiceAccount subjects need a namespace", without(CLUSTER_ROLE_BINDING,
            "/subjects/0/namespace"), "/subjects/0/namespace", "needs its namespace"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("roleRef.apiGroup defaults", without(ROLE_BINDING, "/roleRef/apiGroup")),
        accept("a RoleBinding to a ClusterRole", with(ROLE_BINDING, "/roleRef/kind", "ClusterRole")),
        accept("namespaced ServiceAccount subjects default to the binding's namespace", Manifests.parse(ROLE_BINDING)),
        accept("User and Group subjects' apiGroup defaults", without(ROLE_BINDING, "/subjects/1/apiGroup")),
        accept("ClusterRoles grant non-resource URLs", Manifests.parse(CLUSTER_ROLE)),
        accept("aggregation rules", with(CLUSTER_ROLE, "/aggregationRule",
            "{clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-flink: 'true'}}]}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(JsonNode object, String pointer, String fragment, Stage stage) {
    RuleCases.assertRejected(object, pointer, fragment, stage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(JsonNode object) {
    RuleCases.assertAccepted(object);
  }
}
