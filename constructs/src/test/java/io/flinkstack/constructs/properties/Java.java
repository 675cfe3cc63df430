package io.flinkstack.constructs.properties;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Java source for generated values, so samples in failure reports can be pasted into a test. */
final class Java {
  private Java() {}

  static String string(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String strings(List<String> list) {
    return list.stream().map(Java::string).collect(Collectors.joining(", ", "List.of(", ")"));
  }

  static String map(Map<String, String> map) {
    return map.entrySet().stream().map(e -> string(e.getKey()) + ", " + string(e.getValue()))
        .collect(Collectors.joining(", ", "Map.of(", ")"));
  }
}
