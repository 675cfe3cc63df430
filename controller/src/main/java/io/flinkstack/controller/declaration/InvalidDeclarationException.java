package io.flinkstack.controller.declaration;

/** A FlinkJob the controller cannot act on; the message says what to fix. */
public final class InvalidDeclarationException extends Exception {
  public InvalidDeclarationException(String message) {
    super(message);
  }

  public InvalidDeclarationException(String message, Throwable cause) {
    super(message, cause);
  }
}
