package io.flinkstack.constructs.operatorinstall;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator's and the Flink pods' RBAC: every verb and resource spelled out, no wildcards. The rules
 * follow the Helm chart's, narrowed to what the operator 1.10 and Flink's native Kubernetes client call
 * (see docs/constructs/FlinkOperatorInstall.md for each deviation).
 */
public final class OperatorRbac {
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private static final List<String> READ_WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete");
  // fabric8 6+ deletes by label selector with one DELETE on the collection (verb deletecollection), and
  // that is how HA ConfigMaps are removed.
  private static final List<String> WITH_DELETE_COLLECTION =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
  private static final List<String> STATUS = List.of("get", "update", "patch");
  // Setting an ownerReference with blockOwnerDeletion needs update on the owner's finalizers subresource.
  private static final List<String> OWNER_REFERENCES = List.of("update");

  private OperatorRbac() {}

  /** What the operator does in every namespace it watches (or cluster-wide). */
  public static List<PolicyRule> operatorRules() {
    return List.of(
        rule("", List.of("pods", "services", "configmaps"), WITH_DELETE_COLLECTION),
        // Events on the custom resources: looked up by name, then created or replaced.
        rule("", List.of("events"), List.of("get", "create", "update", "patch")),
        // Only Flink's own accompanying Secrets (the Kerberos keytab); the operator reads no others.
        rule("", List.of("secrets"), List.of("get", "create", "update")),
        rule("apps", List.of("deployments"), READ_WRITE),
        // Standalone mode scales the TaskManager Deployment.
        rule("apps", List.of("deployments/scale"), STATUS),
        rule("apps", List.of("deployments/finalizers"), OWNER_REFERENCES),
        rule("networking.k8s.io", List.of("ingresses"), READ_WRITE),
        rule("flink.apache.org", List.of("flinkdeployments", "flinksessionjobs", "flinkstatesnapshots"), READ_WRITE),
        rule("flink.apache.org",
            List.of("flinkdeployments/status", "flinksessionjobs/status", "flinkstatesnapshots/status"), STATUS),
        rule("flink.apache.org",
            List.of("flinkdeployments/finalizers", "flinksessionjobs/finalizers", "flinkstatesnapshots/finalizers"),
            OWNER_REFERENCES));
  }

  /** The operator's leader election Lease, in its own namespace; JOSDK checks exactly these verbs at start. */
  public static PolicyRule leaderElectionRule() {
    return rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update"));
  }

  /**
   * The operator asks whether the FlinkStateSnapshot CRD is installed by listing snapshots in its own
   * namespace; forbidden, it silently turns snapshot resources off. Needed where it watches nothing else.
   */
  public static PolicyRule snapshotCrdProbeRule() {
    return rule("flink.apache.org", List.of("flinkstatesnapshots"), List.of("list"));
  }

  /**
   * What a native-mode Flink JobManager does with the {@code flink} ServiceAccount: TaskManager pods, HA
   * ConfigMaps and Leases, and its own Deployment as the TaskManagers' owner.
   */
  public static List<PolicyRule> jobRules() {
    return List.of(
        rule("", List.of("pods"), READ_WRITE),
        // The JobManager deletes its HA ConfigMaps by label when the cluster is cleaned up.
        rule("", List.of("configmaps"), WITH_DELETE_COLLECTION),
        // Read only; Flink updates a Service's target port only with kubernetes.hostnetwork.enabled.
        rule("", List.of("services"), List.of("get")),
        rule("apps", List.of("deployments"), List.of("get")),
        rule("apps", List.of("deployments/finalizers"), OWNER_REFERENCES),
        rule("coordination.k8s.io", List.of("leases"), READ_WRITE));
  }

  /** The operator's (Cluster)Roles and bindings. */
  static void addOperatorRbac(OperatorInstallSpec spec, ObjectsByNamespace out) {
    Subject operator = serviceAccount(OperatorNames.SERVICE_ACCOUNT, spec.namespace());
    if (spec.clusterScoped()) {
      out.add(ObjectsByNamespace.CLUSTER, new ClusterRoleBuilder()
          .withMetadata(meta(OperatorNames.ROLE, null, OperatorNames.labels()))
          .withRules(operatorRules()).build());
      out.add(ObjectsByNamespace.CLUSTER, new ClusterRoleBindingBuilder()
          .withMetadata(meta(OperatorNames.ROLE_BINDING, null, OperatorNames.labels()))
          .withRoleRef(roleRef("ClusterRole", OperatorNames.ROLE)).withSubjects(operator).build());
    }
    // One Role per namespace: the operator's namespace may be watched too, and then its rules join.
    for (String namespace : operatorRoleNamespaces(spec)) {
      List<PolicyRule> rules = new ArrayList<>();
      boolean watched = spec.watchedNamespaces().contains(namespace);
      if (watched) {
        rules.addAll(operatorRules());
      }
      if (namespace.equals(spec.namespace())) {
        if (spec.leaderElection()) {
          rules.add(leaderElectionRule());
        }
        if (!watched && !spec.clusterScoped()) {
          rules.add(snapshotCrdProbeRule());
        }
      }
      out.add(namespace, new RoleBuilder().withMetadata(meta(OperatorNames.ROLE, namespace, OperatorNames.labels()))
          .withRules(rules).build());
      out.add(namespace, new RoleBindingBuilder()
          .withMetadata(meta(OperatorNames.ROLE_BINDING, namespace, OperatorNames.labels()))
          .withRoleRef(roleRef("Role", OperatorNames.ROLE)).withSubjects(operator).build());
    }
  }

  /** The watched namespaces, and the operator's own when it needs rights there. */
  private static List<String> operatorRoleNamespaces(OperatorInstallSpec spec) {
    List<String> namespaces = new ArrayList<>();
    boolean ownNeeded = spec.leaderElection() || !spec.clusterScoped();
    if (ownNeeded && !spec.watchedNamespaces().contains(spec.namespace())) {
      namespaces.add(spec.namespace());
    }
    namespaces.addAll(spec.watchedNamespaces());
    return namespaces;
  }

  /** The {@code flink} ServiceAccount, Role and RoleBinding in every job namespace. */
  static void addJobRbac(OperatorInstallSpec spec, ObjectsByNamespace out) {
    Map<String, String> labels = OperatorNames.jobLabels();
    for (String namespace : spec.jobNamespaces()) {
      out.add(namespace, new ServiceAccountBuilder()
          .withMetadata(meta(OperatorNames.JOB_SERVICE_ACCOUNT, namespace, labels)).build());
      out.add(namespace, new RoleBuilder().withMetadata(meta(OperatorNames.JOB_ROLE, namespace, labels))
          .withRules(jobRules()).build());
      out.add(namespace, new RoleBindingBuilder().withMetadata(meta(OperatorNames.JOB_ROLE_BINDING, namespace, labels))
          .withRoleRef(roleRef("Role", OperatorNames.JOB_ROLE))
          .withSubjects(serviceAccount(OperatorNames.JOB_SERVICE_ACCOUNT, namespace)).build());
    }
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
  }

  private static Subject serviceAccount(String name, String namespace) {
    return new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(namespace).build();
  }

  private static RoleRef roleRef(String kind, String name) {
    return new RoleRefBuilder().withApiGroup(RBAC_GROUP).withKind(kind).withName(name).build();
  }

  static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
  }
}
