package io.flinkstack.stacks;

import com.pulumi.exceptions.RunException;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.List;

/**
 * flinkstack's validation problems, as a Pulumi {@link RunException}: Pulumi prints its message, one line
 * per problem and unchanged, without a stack trace. The original exception is the cause.
 */
public final class InvalidFlinkApplicationException extends RunException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  InvalidFlinkApplicationException(ValidationException cause) {
    super(cause.getMessage(), cause);
    this.problems = cause.problems();
  }

  public List<Problem> problems() {
    return problems;
  }
}
