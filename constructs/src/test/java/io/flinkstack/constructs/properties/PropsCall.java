package io.flinkstack.constructs.properties;

import io.flinkstack.constructs.FlinkApplicationProps;
import java.util.function.UnaryOperator;

/**
 * One builder call of generated props, shown as the Java that makes it, so a failing sample reads as code a
 * developer can paste into a unit test.
 */
record PropsCall(String code, UnaryOperator<FlinkApplicationProps.Builder> apply) {
  static PropsCall of(String code, UnaryOperator<FlinkApplicationProps.Builder> apply) {
    return new PropsCall(code, apply);
  }

  FlinkApplicationProps.Builder applyTo(FlinkApplicationProps.Builder builder) {
    return apply.apply(builder);
  }

  @Override
  public String toString() {
    return code;
  }
}
