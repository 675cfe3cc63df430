package io.flinkstack.schemas;

import java.util.Objects;

/**
 * One problem in a manifest file.
 *
 * @param file the file's path relative to the validated folder (with {@code /}), or the label given for text
 * @param documentIndex 0-based position of the YAML document in the file
 * @param kind the object's kind, or null if unknown (e.g. for a YAML syntax error)
 * @param name the object's {@code metadata.name}, or null
 * @param pointer JSON pointer into the document; empty for the document as a whole
 * @param message what is wrong
 */
public record Finding(String file, int documentIndex, String kind, String name, String pointer, String message) {
  public Finding {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  /**
   * One line, e.g. {@code dist/app.k8s.yaml#2 (StatefulSet wordcount-taskmanager) /spec/replica: property
   * 'replica' is not defined in the schema ...}; the parenthesis is left out when neither kind nor name is
   * known, and the pointer when it is empty.
   */
  @Override
  public String toString() {
    StringBuilder line = new StringBuilder(file).append('#').append(documentIndex);
    if (kind != null || name != null) {
      line.append(" (").append(kind != null ? kind : "?");
      if (name != null) {
        line.append(' ').append(name);
      }
      line.append(')');
    }
    if (!pointer.isEmpty()) {
      line.append(' ').append(pointer);
    }
    // Messages can quote multi-line input; a finding must stay on one line to be greppable.
    return line.append(": ").append(message.replaceAll("\\s*\\R\\s*", " ").strip()).toString();
  }
}
