package io.flinkstack.constructs.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a construct's input cannot make a working cluster. Nothing has been synthesized when it is
 * thrown; its message is one line per problem.
 */
public class ValidationException extends RuntimeException {
  private final List<Problem> problems;

  public ValidationException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
