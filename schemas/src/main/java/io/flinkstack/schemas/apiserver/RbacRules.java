package io.flinkstack.schemas.apiserver;

import java.util.Set;

/**
 * Roles, ClusterRoles and their bindings: {@code pkg/apis/rbac/validation/validation.go} ValidatePolicyRule,
 * ValidateRoleBinding, ValidateClusterRoleBinding and ValidateRoleBindingSubject, after the rbac/v1 defaults
 * (an empty roleRef.apiGroup, and a User or Group subject's empty apiGroup, become rbac.authorization.k8s.io).
 */
final class RbacRules {
  static final String GROUP = "rbac.authorization.k8s.io";

  private RbacRules() {}

  static void role(Field object, boolean namespaced, Problems problems) {
    for (Field rule : object.get("rules").items()) {
      if (!rule.get("verbs").hasEntries()) {
        problems.report(rule.get("verbs"), "verbs must contain at least one value, e.g. [get, list, watch]");
      }
      if (rule.get("nonResourceURLs").hasEntries()) {
        if (namespaced) {
          problems.report(rule.get("nonResourceURLs"), "a Role's rules cannot grant non-resource URLs; use a"
              + " ClusterRole");
        }
        if (rule.get("apiGroups").hasEntries() || rule.get("resources").hasEntries()
            || rule.get("resourceNames").hasEntries()) {
          problems.report(rule.get("nonResourceURLs"), "a rule grants either resources or non-resource URLs, not"
              + " both; split it into two rules");
        }
        continue;
      }
      if (!rule.get("apiGroups").hasEntries()) {
        problems.report(rule.get("apiGroups"), "a resource rule needs at least one api group (\"\" is the core"
            + " group)");
      }
      if (!rule.get("resources").hasEntries()) {
        problems.report(rule.get("resources"), "a resource rule needs at least one resource");
      }
    }
    Field aggregation = object.get("aggregationRule");
    if (!namespaced && aggregation.isSet()) {
      Field selectors = aggregation.get("clusterRoleSelectors");
      if (!selectors.hasEntries()) {
        problems.report(selectors, "an aggregationRule needs at least one clusterRoleSelector");
      }
      selectors.items().forEach(selector -> Selectors.selector(selector, problems));
    }
  }

  static void binding(Field object, boolean namespaced, Problems problems) {
    Field roleRef = object.get("roleRef");
    Field apiGroup = roleRef.get("apiGroup");
    if (!apiGroup.textOrEmpty().isEmpty() && !apiGroup.text().equals(GROUP)) {
      problems.report(apiGroup, "roleRef.apiGroup must be " + GROUP);
    }
    Field kind = roleRef.get("kind");
    Set<String> kinds = namespaced ? Set.of("Role", "ClusterRole") : Set.of("ClusterRole");
    if (!kinds.contains(kind.textOrEmpty())) {
      problems.report(kind, kind.shown() + " is not supported; a " + (namespaced ? "RoleBinding" : "ClusterRoleBinding")
          + " refers to " + (namespaced ? "a Role or a ClusterRole" : "a ClusterRole"));
    }
    Field name = roleRef.get("name");
    String nameProblem = name.textOrEmpty().isEmpty() ? "is required" : Formats.pathSegmentName(name.text());
    if (nameProblem != null) {
      problems.report(name, "roleRef.name " + nameProblem);
    }
    for (Field subject : object.get("subjects").items()) {
      subject(subject, namespaced, problems);
    }
  }

  private static void subject(Field subject, boolean namespaced, Problems problems) {
    Field name = subject.get("name");
    if (name.textOrEmpty().isEmpty()) {
      problems.report(name, "subject name is required");
    }
    Field apiGroup = subject.get("apiGroup");
    String group = apiGroup.textOrEmpty();
    switch (subject.get("kind").textOrEmpty()) {
      case "ServiceAccount" -> {
        if (!name.textOrEmpty().isEmpty()) {
          String problem = Formats.dns1123Subdomain(name.text());
          if (problem != null) {
            problems.report(name, "ServiceAccount name " + name.shown() + " " + problem);
          }
        }
        if (!group.isEmpty()) {
          problems.report(apiGroup, "a ServiceAccount subject's apiGroup must be empty (the core group)");
        }
        if (!namespaced && subject.get("namespace").textOrEmpty().isEmpty()) {
          problems.report(subject.get("namespace"), "a ClusterRoleBinding's ServiceAccount subject needs its"
              + " namespace");
        }
      }
      case "User", "Group" -> {
        if (!group.isEmpty() && !group.equals(GROUP)) {
          problems.report(apiGroup, "a " + subject.get("kind").text() + " subject's apiGroup must be " + GROUP);
        }
      }
      default -> problems.report(subject.get("kind"), subject.get("kind").shown() + " is not a subject kind; use"
          + " ServiceAccount, User or Group");
    }
  }
}
