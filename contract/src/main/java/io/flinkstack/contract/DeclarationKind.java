package io.flinkstack.contract;

import java.util.Optional;

/** What a declaration ConfigMap declares (its {@code flinkstack.io/declaration} label). */
public enum DeclarationKind {
  /** The one job of an application cluster: ConfigMap {@code <cluster>-runtime}. */
  APPLICATION(SessionJobs.DECLARATION_APPLICATION),
  /** A job of a session cluster: ConfigMap {@code <cluster>-job-<job>}. */
  SESSION_JOB(SessionJobs.DECLARATION_SESSION_JOB);

  private final String label;

  DeclarationKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<DeclarationKind> ofLabel(String value) {
    for (DeclarationKind kind : values()) {
      if (kind.label.equals(value)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
