package io.flinkstack.constructs.validation;

/**
 * One thing wrong with a construct's input: where ({@code path}, the construct path), which property
 * ({@code field}, as the builder spells it) and what to do about it ({@code message} says the fix).
 */
public record Problem(String path, String field, String message) {
  @Override
  public String toString() {
    return path + ": " + field + ": " + message;
  }
}
