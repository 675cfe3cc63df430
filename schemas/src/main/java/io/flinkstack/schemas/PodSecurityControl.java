package io.flinkstack.schemas;

/**
 * One control of the Pod Security Standards, e.g. "Host Namespaces".
 *
 * @param name the control's name as the standard's tables write it
 * @param rule what the control checks
 */
record PodSecurityControl(String name, Rule rule) {
  /** Checks one pod and reports each field that breaks the control. */
  @FunctionalInterface
  interface Rule {
    void check(PodSecurityPod pod, Report report);
  }

  /** Where a rule reports a broken field. */
  @FunctionalInterface
  interface Report {
    /**
     * @param field the offending field, or the unset field that has to be set
     * @param message what is wrong and what to set instead
     */
    void violation(PodSecurityNode field, String message);
  }
}
