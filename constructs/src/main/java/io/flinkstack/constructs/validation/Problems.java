package io.flinkstack.constructs.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the problems of one construct, so a user sees all of them at once instead of one per run. */
public final class Problems {
  private final Supplier<String> path;
  private final List<Problem> list = new ArrayList<>();
  private String resolvedPath;

  /** @param path the construct path; asked for only when there is a problem (it costs JSII round trips) */
  public Problems(Supplier<String> path) {
    this.path = path;
  }

  public void add(String field, String message) {
    if (resolvedPath == null) {
      resolvedPath = path.get();
    }
    list.add(new Problem(resolvedPath, field, message));
  }

  /** Adds a problem when {@code ok} is false; returns {@code ok}. */
  public boolean check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ValidationException(list);
    }
  }
}
