package io.flinkstack.constructs.operatorinstall;

import static io.flinkstack.constructs.operatorinstall.Installs.NS;
import static io.flinkstack.constructs.operatorinstall.Installs.build;
import static io.flinkstack.constructs.operatorinstall.Installs.find;
import static io.flinkstack.constructs.operatorinstall.Installs.ids;
import static io.flinkstack.constructs.operatorinstall.Installs.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Cluster- vs namespace-scoped RBAC, least privilege, and where each object lives. */
class OperatorRbacTest {
  private static final List<String> WATCHED = List.of("analytics", "payments");

  private static List<PolicyRule> rules(HasMetadata o) {
    return o instanceof Role r ? r.getRules() : ((ClusterRole) o).getRules();
  }

  private static Stream<PolicyRule> allRules(List<HasMetadata> objects) {
    return objects.stream().filter(o -> o instanceof Role || o instanceof ClusterRole).flatMap(o -> rules(o).stream());
  }

  /** "group resource" pairs a role grants {@code verb} on. */
  private static List<String> granted(List<PolicyRule> rules, String verb) {
    return rules.stream().filter(r -> r.getVerbs().contains(verb))
        .flatMap(r -> r.getApiGroups().stream().flatMap(g -> r.getResources().stream().map(res -> g + " " + res)))
        .toList();
  }

  @Test
  void noRoleHasAWildcardOrAnEmptyRule() {
    for (var props : List.of(props(), props().watchedNamespaces(WATCHED).leaderElection(true).replicas(2),
        props().watchedNamespaces(List.of(NS, "analytics")).leaderElection(true))) {
      List<HasMetadata> objects = build(props).all();
      assertThat(allRules(objects)).isNotEmpty().allSatisfy(r -> {
        assertThat(r.getVerbs()).isNotEmpty().doesNotContain("*");
        assertThat(r.getResources()).isNotEmpty().allSatisfy(res -> assertThat(res).doesNotContain("*"));
        assertThat(r.getApiGroups()).isNotEmpty().doesNotContain("*");
        assertThat(r.getResourceNames()).isEmpty();
        assertThat(r.getNonResourceURLs()).isEmpty();
      });
    }
  }

  @Test
  void allNamespacesMeansAClusterRoleForTheOperatorAndJobRbacInItsOwnNamespace() {
    ObjectsByNamespace objects = build(props());
    assertThat(objects.namespaces()).containsExactly(NS, ObjectsByNamespace.CLUSTER);
    assertThat(ids(objects.in(ObjectsByNamespace.CLUSTER)))
        .containsExactly("ClusterRole flink-operator", "ClusterRoleBinding flink-operator-role-binding");
    ClusterRoleBinding binding = (ClusterRoleBinding) objects.in(ObjectsByNamespace.CLUSTER).get(1);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("flink-operator");
      assertThat(s.getNamespace()).isEqualTo(NS);
    });
    // No Role of the operator's own without leader election: the ClusterRole covers its namespace.
    assertThat(ids(objects.in(NS))).containsExactly("ServiceAccount flink-operator/flink-operator",
        "ConfigMap flink-operator/flink-operator-config", "ServiceAccount flink-operator/flink",
        "Role flink-operator/flink", "RoleBinding flink-operator/flink-role-binding",
        "Deployment flink-operator/flink-kubernetes-operator");
  }

  @Test
  void clusterScopedJobRbacCanGoToChosenNamespaces() {
    ObjectsByNamespace objects = build(props().jobNamespaces(List.of("team-a", "team-b")));
    assertThat(objects.namespaces()).containsExactly(NS, ObjectsByNamespace.CLUSTER, "team-a", "team-b");
    assertThat(ids(objects.in("team-b"))).containsExactly("ServiceAccount team-b/flink", "Role team-b/flink",
        "RoleBinding team-b/flink-role-binding");
    assertThat(ids(objects.in(NS))).noneMatch(id -> id.endsWith("/flink"));
  }

  @Test
  void watchedNamespacesMeanRolesThereAndNothingClusterWide() {
    ObjectsByNamespace objects = build(props().watchedNamespaces(WATCHED));
    assertThat(objects.in(ObjectsByNamespace.CLUSTER)).isEmpty();
    assertThat(objects.all()).noneMatch(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding);
    for (String ns : WATCHED) {
      assertThat(ids(objects.in(ns))).containsExactly("Role " + ns + "/flink-operator",
          "RoleBinding " + ns + "/flink-operator-role-binding", "ServiceAccount " + ns + "/flink",
          "Role " + ns + "/flink", "RoleBinding " + ns + "/flink-role-binding");
      assertThat(rules(find(objects.all(), Role.class, ns, "flink-operator"))).isEqualTo(OperatorRbac.operatorRules());
      RoleBinding operatorBinding = find(objects.all(), RoleBinding.class, ns, "flink-operator-role-binding");
      assertThat(operatorBinding.getSubjects().get(0).getNamespace()).isEqualTo(NS);
      RoleBinding jobBinding = find(objects.all(), RoleBinding.class, ns, "flink-role-binding");
      assertThat(jobBinding.getSubjects().get(0).getNamespace()).isEqualTo(ns);
      assertThat(jobBinding.getRoleRef().getName()).isEqualTo("flink");
    }
    // In its own, unwatched namespace the operator may only probe for the FlinkStateSnapshot CRD.
    Role own = find(objects.all(), Role.class, NS, "flink-operator");
    assertThat(granted(own.getRules(), "list")).containsExactly("flink.apache.org flinkstatesnapshots");
    assertThat(own.getRules()).hasSize(1);
  }

  @Test
  void leaderElectionAddsExactlyTheLeaseRightsInTheOperatorsNamespace() {
    Role clusterScoped = find(build(props().leaderElection(true)).all(), Role.class, NS, "flink-operator");
    assertThat(clusterScoped.getRules()).containsExactly(OperatorRbac.leaderElectionRule());
    assertThat(OperatorRbac.leaderElectionRule().getVerbs()).containsExactly("get", "create", "update");

    // Watched, the operator's namespace gets one Role with both its watch rules and the Lease.
    ObjectsByNamespace watchedToo = build(props().watchedNamespaces(List.of(NS, "analytics")).leaderElection(true));
    List<HasMetadata> ownRoles = watchedToo.in(NS).stream().filter(o -> o instanceof Role)
        .filter(o -> o.getMetadata().getName().equals("flink-operator")).toList();
    assertThat(ownRoles).hasSize(1);
    assertThat(rules(ownRoles.get(0))).containsAll(OperatorRbac.operatorRules()).contains(OperatorRbac.leaderElectionRule())
        .doesNotContain(OperatorRbac.snapshotCrdProbeRule());
  }

  @Test
  void theOperatorGetsWhatItReconcilesAndNoMore() {
    List<PolicyRule> rules = OperatorRbac.operatorRules();
    assertThat(granted(rules, "watch")).containsExactlyInAnyOrder(" pods", " services", " configmaps",
        "apps deployments", "networking.k8s.io ingresses", "flink.apache.org flinkdeployments",
        "flink.apache.org flinksessionjobs", "flink.apache.org flinkstatesnapshots");
    assertThat(granted(rules, "update")).contains("flink.apache.org flinkdeployments/status",
        "flink.apache.org flinkdeployments/finalizers", "apps deployments/scale", "apps deployments/finalizers");
    // Secrets: only Flink's own (Kerberos keytab); never listed or watched.
    assertThat(granted(rules, "list")).doesNotContain(" secrets", " events");
    assertThat(granted(rules, "get")).contains(" secrets");
    // Neither the removed extensions/v1beta1 API nor ReplicaSets and nodes (the chart grants the first two).
    assertThat(rules).noneMatch(r -> r.getApiGroups().contains("extensions"));
    assertThat(granted(rules, "get")).doesNotContain("apps replicasets", " nodes");
    assertThat(granted(rules, "deletecollection")).containsExactlyInAnyOrder(" pods", " services", " configmaps");
  }

  @Test
  void flinkPodsManageTaskManagersAndHaStateOnly() {
    List<PolicyRule> rules = OperatorRbac.jobRules();
    assertThat(granted(rules, "create")).containsExactlyInAnyOrder(" pods", " configmaps", "coordination.k8s.io leases");
    assertThat(granted(rules, "get")).contains(" services", "apps deployments");
    assertThat(granted(rules, "update")).contains("apps deployments/finalizers").doesNotContain("apps deployments");
    assertThat(granted(rules, "get")).doesNotContain(" secrets");
    // HA cleanup deletes ConfigMaps by label: one DELETE on the collection.
    assertThat(granted(rules, "deletecollection")).containsExactly(" configmaps");
    assertThat(granted(rules, "update")).doesNotContain(" services");
  }
}
