package io.flinkstack.constructs.properties;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A generated value with the Java that makes it, for values whose own toString does not read as code.
 *
 * @param value the value
 * @param code Java source that makes an equal value
 */
record Coded<T>(T value, String code) {
  static <T> List<T> values(List<Coded<T>> coded) {
    return coded.stream().map(Coded::value).toList();
  }

  /** {@code List.of(...)} of the codes. */
  static String codes(List<? extends Coded<?>> coded) {
    return coded.stream().map(Coded::code).collect(Collectors.joining(", ", "List.of(", ")"));
  }
}
