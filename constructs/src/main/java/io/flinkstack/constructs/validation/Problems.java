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
    list.add(new Problem(oneLine(resolvedPath), oneLine(field), oneLine(message)));
  }

  /** Quoted input may hold line breaks and other control characters; a problem stays one line. */
  static String oneLine(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
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
