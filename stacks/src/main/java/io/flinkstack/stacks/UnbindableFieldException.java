package io.flinkstack.stacks;

/** A manifest field that a typed Pulumi args class cannot carry as it is. */
final class UnbindableFieldException extends Exception {
  private static final long serialVersionUID = 1L;

  UnbindableFieldException(String path, String reason) {
    super(path + ": " + reason);
  }
}
