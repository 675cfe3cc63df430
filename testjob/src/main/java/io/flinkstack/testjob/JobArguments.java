package io.flinkstack.testjob;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} program arguments (Flink's ParameterTool moved packages in 2.x; this does not). */
final class JobArguments implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> values = new HashMap<>();

  JobArguments(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  long longValue(String name, long otherwise) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : otherwise;
  }

  double doubleValue(String name, double otherwise) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : otherwise;
  }
}
