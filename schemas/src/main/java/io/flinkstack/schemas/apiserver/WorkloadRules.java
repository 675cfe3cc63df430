package io.flinkstack.schemas.apiserver;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Deployments and StatefulSets, as {@code pkg/apis/apps/validation/validation.go} checks them: ValidateDeploymentSpec
 * (with ValidateDeploymentStrategy, ValidateRollingUpdateDeployment and ValidatePodTemplateSpecForReplicaSet) and
 * ValidateStatefulSetSpec (with ValidatePodTemplateSpecForStatefulSet).
 *
 * <p>A StatefulSet's pod template is different: in 1.32 the API server checks only its labels and annotations (the
 * upstream code leaves ValidatePodTemplateSpec commented out because the claim volumes are not in the template). The
 * StatefulSet controller then creates each pod from the template, adding a volume per volumeClaimTemplate, hostname
 * {@code <name>-<ordinal>} and subdomain {@code serviceName}, and the API server validates that pod in full; a broken
 * template therefore applies cleanly and starts nothing. Those rules are reported with {@link Stage#STATEFULSET_POD}.
 */
final class WorkloadRules {
  private static final Set<String> POD_MANAGEMENT_POLICIES = Set.of("OrderedReady", "Parallel");
  private static final Set<String> STATEFULSET_STRATEGIES = Set.of("RollingUpdate", "OnDelete");
  private static final Set<String> DEPLOYMENT_STRATEGIES = Set.of("RollingUpdate", "Recreate");
  private static final Set<String> RETENTION_POLICIES = Set.of("Retain", "Delete");
  /**
   * Pods carry the label controller-revision-hash = {@code <name>-<hash>}; the hash (pkg/controller/history
   * ControllerRevisionName, a rand.SafeEncodeString of a 32-bit FNV hash) has up to 10 characters, and label
   * values are limited to 63, so longer StatefulSet names make pod creation fail (kubernetes/kubernetes#64023).
   */
  static final int MAX_STATEFULSET_NAME = Formats.LABEL_MAX - 1 - 10;
  static final long DEFAULT_PROGRESS_DEADLINE = 600;

  private WorkloadRules() {}

  static void deployment(Field object, Problems problems) {
    Field spec = object.get("spec");
    common(spec, "Deployment", problems);
    Field template = spec.get("template");
    PodSpecRules.check(template.get("spec"), Set.of(), problems);
    Field strategy = spec.get("strategy");
    Field type = strategy.get("type");
    ContainerRules.values(type, DEPLOYMENT_STRATEGIES, problems);
    Field rollingUpdate = strategy.get("rollingUpdate");
    if ("Recreate".equals(type.text()) && rollingUpdate.isSet()) {
      problems.report(rollingUpdate, "may not be set when the strategy type is Recreate; remove it");
    } else if (rollingUpdate.isSet()) {
      Optional<Integer> unavailable = intOrPercent(rollingUpdate.get("maxUnavailable"), problems);
      Optional<Integer> surge = intOrPercent(rollingUpdate.get("maxSurge"), problems);
      // Unset values default to 25%.
      if (unavailable.orElse(25) == 0 && surge.orElse(25) == 0) {
        problems.report(rollingUpdate.get("maxUnavailable"), "maxUnavailable and maxSurge cannot both be 0; a"
            + " rollout could never replace a pod");
      }
      notMoreThan100Percent(rollingUpdate.get("maxUnavailable"), problems);
    }
    nonNegative(spec.get("revisionHistoryLimit"), problems);
    // progressDeadlineSeconds defaults to 600 (apps/v1 SetDefaults_Deployment), so it constrains minReadySeconds
    // even when unset.
    long minReady = spec.get("minReadySeconds").integer().orElse(0L);
    Field deadline = spec.get("progressDeadlineSeconds");
    long deadlineSeconds = deadline.isSet() ? deadline.integer().orElse(Long.MAX_VALUE) : DEFAULT_PROGRESS_DEADLINE;
    if (deadlineSeconds <= minReady) {
      problems.report(deadline, "progressDeadlineSeconds (" + deadlineSeconds + (deadline.isSet() ? "" : ", the"
          + " default") + ") must be greater than minReadySeconds (" + minReady + "); raise it");
    }
  }

  static void statefulSet(Field object, Problems problems) {
    Field spec = object.get("spec");
    common(spec, "StatefulSet", problems);
    ContainerRules.values(spec.get("podManagementPolicy"), POD_MANAGEMENT_POLICIES, problems);
    Field strategy = spec.get("updateStrategy");
    ContainerRules.values(strategy.get("type"), STATEFULSET_STRATEGIES, problems);
    if ("OnDelete".equals(strategy.get("type").text()) && strategy.get("rollingUpdate").isSet()) {
      problems.report(strategy.get("rollingUpdate"), "only allowed for updateStrategy RollingUpdate; remove it or"
          + " use type RollingUpdate");
    }
    nonNegative(strategy.get("rollingUpdate", "partition"), problems);
    nonNegative(spec.get("ordinals", "start"), problems);
    Field retention = spec.get("persistentVolumeClaimRetentionPolicy");
    ContainerRules.values(retention.get("whenDeleted"), RETENTION_POLICIES, problems);
    ContainerRules.values(retention.get("whenScaled"), RETENTION_POLICIES, problems);

    Problems podCreation = problems.at(Stage.STATEFULSET_POD);
    Set<String> claimVolumes = new LinkedHashSet<>();
    for (Field claim : spec.get("volumeClaimTemplates").items()) {
      String claimName = claim.get("metadata", "name").textOrEmpty();
      claimVolumes.add(claimName);
      StorageRules.claimTemplate(claim, object, problems);
    }
    PodSpecRules.check(spec.get("template", "spec"), claimVolumes, podCreation);

    // 1.32 does not validate serviceName itself (from 1.33 it must be a DNS-1123 label, kubernetes#130233);
    // the controller copies it into each pod's spec.subdomain, which ValidatePodSpec requires to be one.
    Field serviceName = spec.get("serviceName");
    if (!serviceName.textOrEmpty().isEmpty()) {
      String problem = Formats.dns1123Label(serviceName.text());
      if (problem != null) {
        podCreation.report(serviceName, "serviceName " + serviceName.shown()
            + " becomes each pod's spec.subdomain, which " + problem);
      }
    }
    String name = object.get("metadata", "name").textOrEmpty();
    if (name.length() > MAX_STATEFULSET_NAME && Formats.dns1123Label(name) == null) {
      podCreation.report(object.get("metadata", "name"), "a StatefulSet name of " + name.length() + " characters"
          + " makes its pods' controller-revision-hash label ('<name>-<hash of up to 10 characters>') exceed 63"
          + " characters; use at most " + MAX_STATEFULSET_NAME + " characters");
    }
  }

  /** What Deployment and StatefulSet share: replicas, selector, template labels, restart policy, deadline. */
  private static void common(Field spec, String kind, Problems problems) {
    nonNegative(spec.get("replicas"), problems);
    nonNegative(spec.get("minReadySeconds"), problems);
    Field selector = spec.get("selector");
    Field template = spec.get("template");
    if (selector.isSet()) {
      Selectors.selector(selector, problems);
      if (Selectors.isEmpty(selector)) {
        problems.report(selector, "an empty selector is invalid for a " + kind + "; select the pod template's"
            + " labels with matchLabels");
      } else if (!Selectors.matches(selector, template.get("metadata", "labels"))) {
        problems.report(template.get("metadata", "labels"), "spec.selector does not match the pod template's"
            + " labels; give the template every label the selector requires");
      }
    }
    MetadataRules.labelsAndAnnotations(template.get("metadata"), problems);
    Field restartPolicy = template.get("spec", "restartPolicy");
    if (!restartPolicy.textOrEmpty().isEmpty() && !"Always".equals(restartPolicy.text())) {
      problems.report(restartPolicy, restartPolicy.shown() + " is not supported for a " + kind + "; its pods must"
          + " use restartPolicy Always (or leave it unset)");
    }
    Field deadline = template.get("spec", "activeDeadlineSeconds");
    if (deadline.isSet()) {
      problems.report(deadline, "activeDeadlineSeconds is not supported in a " + kind + "; remove it");
    }
  }

  /** ValidatePositiveIntOrPercent: a non-negative integer or "N%"; returns the number for the 0/0 check. */
  static Optional<Integer> intOrPercent(Field field, Problems problems) {
    if (field.isInt()) {
      long value = field.value().longValue();
      if (value < 0) {
        problems.report(field, "must not be negative");
      }
      return Optional.of((int) value);
    }
    if (field.isText()) {
      if (!Formats.isPercent(field.text())) {
        problems.report(field, field.shown() + " must be an integer or a percentage such as '25%'");
        return Optional.empty();
      }
      String digits = field.text().substring(0, field.text().length() - 1);
      return Optional.of(digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits));
    }
    return Optional.empty();
  }

  /** IsNotMoreThan100Percent. */
  static void notMoreThan100Percent(Field field, Problems problems) {
    if (field.isText() && Formats.isPercent(field.text())
        && (field.text().length() > 10 || Long.parseLong(field.text().substring(0, field.text().length() - 1)) > 100)) {
      problems.report(field, field.shown() + " must not be more than 100%");
    }
  }

  static void nonNegative(Field field, Problems problems) {
    field.integer().filter(v -> v < 0).ifPresent(v -> problems.report(field, "must not be negative, found " + v));
  }
}
