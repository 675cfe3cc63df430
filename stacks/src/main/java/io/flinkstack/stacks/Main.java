package io.flinkstack.stacks;

import com.pulumi.Pulumi;

/** Entry point of {@code pulumi up} (see {@code Pulumi.yaml} and the exec-maven-plugin in the pom). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Pulumi.run(FlinkStack::define);
  }
}
