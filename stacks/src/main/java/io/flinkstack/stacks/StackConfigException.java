package io.flinkstack.stacks;

import com.pulumi.exceptions.RunException;
import java.util.List;

/** Missing or invalid stack configuration: one line per problem, each naming its key. Printed without a stack trace. */
public final class StackConfigException extends RunException {
  private static final long serialVersionUID = 1L;

  StackConfigException(List<String> problems) {
    super(String.join("\n", problems));
  }
}
