package io.flinkstack.constructs.properties;

import io.flinkstack.constructs.FlinkApplicationProps;
import java.util.function.UnaryOperator;

/**
 * One thing broken in otherwise valid props, and the field validation must blame for it.
 *
 * @param field the field as validation names it, e.g. {@code taskManager.memory} or {@code restIngress.host}
 * @param call the builder call that breaks it, applied after the valid ones
 */
record Breakage(String field, PropsCall call) {
  static Breakage of(String field, String code, UnaryOperator<FlinkApplicationProps.Builder> apply) {
    return new Breakage(field, PropsCall.of(code, apply));
  }

  /** The field itself, or a part of it ({@code env.X} for {@code env}, {@code args[2]} for {@code args}). */
  boolean blames(String problemField) {
    return problemField.equals(field) || problemField.startsWith(field + ".") || problemField.startsWith(field + "[");
  }

  @Override
  public String toString() {
    return "breaks " + field + " with ." + call;
  }
}
