package io.flinkstack.constructs;

/** Kubernetes' image pull policies. */
public enum ImagePullPolicy {
  ALWAYS("Always"),
  IF_NOT_PRESENT("IfNotPresent"),
  NEVER("Never");

  private final String value;

  ImagePullPolicy(String value) {
    this.value = value;
  }

  /** As Kubernetes spells it. */
  public String value() {
    return value;
  }
}
