package io.flinkstack.controller.step;

import java.time.Duration;
import java.util.Objects;

/**
 * What one step of a {@link StepMachine} came to. A machine never waits inside a pass for something that
 * runs elsewhere (a savepoint in Flink, pods in Kubernetes): it says when to look again, and the next pass
 * resumes from what the status records.
 */
public sealed interface Outcome {
  /** Nothing this machine follows right now: the next regular pass looks again. */
  Outcome DONE = new Done();
  /** A step ended: decide again in this pass. */
  Outcome NEXT = new Next();

  static Outcome lookAgainAfter(Duration after) {
    return new LookAgain(after);
  }

  /** The more urgent of two: a re-look before none, the earlier of two re-looks. */
  static Outcome earliest(Outcome a, Outcome b) {
    if (!(b instanceof LookAgain later)) {
      return a;
    }
    if (!(a instanceof LookAgain earlier)) {
      return b;
    }
    return earlier.after().compareTo(later.after()) <= 0 ? a : b;
  }

  record Done() implements Outcome {}

  record Next() implements Outcome {}

  /** Something runs outside the controller (Flink, Kubernetes) that this machine follows: look again after {@code after}. */
  record LookAgain(Duration after) implements Outcome {
    public LookAgain {
      Objects.requireNonNull(after);
      if (after.isNegative()) {
        throw new IllegalArgumentException("negative re-look " + after);
      }
    }
  }
}
