package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.CLUSTER_ROLE;
import static io.flinkstack.schemas.TestManifests.CLUSTER_ROLE_BINDING;
import static io.flinkstack.schemas.TestManifests.ROLE;
import static io.flinkstack.schemas.TestManifests.ROLE_BINDING;
import static io.flinkstack.schemas.TestManifests.parse;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** ValidatePolicyRule, ValidateRoleBinding, ValidateClusterRoleBinding and ValidateRoleBindingSubject. */
class RbacRulesTest extends RuleCases {
  static Stream<Arguments> rejected() {
    return Stream.of(
        rejectValue("rules have verbs", ROLE, "/rules/0/verbs", "[]", "at least one value"),
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
        rejectValue("roleRef.apiGroup is RBAC's", ROLE_BINDING, "/roleRef/apiGroup", "rbac",
            "must be rbac.authorization.k8s.io"),
        rejectValue("RoleBindings refer to roles", ROLE_BINDING, "/roleRef/kind", "User",
            "refers to a Role or a ClusterRole"),
        reject("roleRef names a role", without(ROLE_BINDING, "/roleRef/name"), "/roleRef/name", "is required"),
        rejectValue("roleRef names are path segments", ROLE_BINDING, "/roleRef/name", "flink/ha",
            "may not contain '/'"),
        rejectValue("subject kinds", ROLE_BINDING, "/subjects/0/kind", "Bot", "not a subject kind"),
        rejectValue("subjects have names", ROLE_BINDING, "/subjects/1/name", "\"\"", "subject name is required"),
        rejectValue("ServiceAccount names are DNS subdomains", ROLE_BINDING, "/subjects/0/name", "WordCount",
            "ServiceAccount name 'WordCount'"),
        rejectValue("ServiceAccounts are in the core group", ROLE_BINDING, "/subjects/0/apiGroup", "v1",
            "must be empty"),
        rejectValue("Groups are RBAC's", ROLE_BINDING, "/subjects/1/apiGroup", "example.com",
            "must be rbac.authorization.k8s.io"),
        rejectValue("ClusterRoleBindings refer to ClusterRoles", CLUSTER_ROLE_BINDING, "/roleRef/kind", "Role",
            "refers to a ClusterRole"),
        reject("cluster-wide ServiceAccount subjects need a namespace", without(CLUSTER_ROLE_BINDING,
            "/subjects/0/namespace"), "/subjects/0/namespace", "needs its namespace"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("roleRef.apiGroup defaults", without(ROLE_BINDING, "/roleRef/apiGroup")),
        accept("a RoleBinding to a ClusterRole", with(ROLE_BINDING, "/roleRef/kind", "ClusterRole")),
        accept("namespaced ServiceAccount subjects default to the binding's namespace", parse(ROLE_BINDING)),
        accept("User and Group subjects' apiGroup defaults", without(ROLE_BINDING, "/subjects/1/apiGroup")),
        accept("ClusterRoles grant non-resource URLs", parse(CLUSTER_ROLE)),
        accept("aggregation rules", with(CLUSTER_ROLE, "/aggregationRule",
            "{clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-flink: 'true'}}]}")));
  }
}
