package io.flinkstack.contract;

/** Whose job a FlinkJob declares: its {@code spec.kind} {@code application}, or a session job ({@code jar}, {@code sql}). */
public enum DeclarationKind {
  /** The one job of an application cluster. */
  APPLICATION,
  /** A job of a session cluster. */
  SESSION_JOB;

  public static DeclarationKind of(JobKind kind) {
    return kind == JobKind.APPLICATION ? APPLICATION : SESSION_JOB;
  }
}
