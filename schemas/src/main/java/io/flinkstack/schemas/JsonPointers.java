package io.flinkstack.schemas;

/** RFC 6901 JSON pointer building. */
final class JsonPointers {
  private JsonPointers() {}

  /** Appends one reference token; escaping matters for keys like {@code app.kubernetes.io/name}. */
  static String append(String pointer, Object token) {
    String text = String.valueOf(token).replace("~", "~0").replace("/", "~1");
    return pointer + "/" + text;
  }
}
