package io.flinkstack.controller.step;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkUnreachableException;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shape of the controller's step machines (transitions, rescales, savepoints): <b>decide</b> (a pure
 * decider reads the declaration, the status and what was observed, and returns a sealed decision; it reads
 * no clock), <b>write ahead</b> (what the decision starts is recorded in the status before anything is asked
 * of Flink or Kubernetes), <b>act</b> (one step of it, whose result is recorded before the next decision).
 * Repeated until a step says it is done or must look again later; it never waits inside a pass. A machine
 * may <b>prepare</b> a decision between deciding and writing ahead (fetch and check what it will need): what
 * cannot be prepared is never recorded.
 *
 * <p>A JobManager that does not answer ends the machine's part of the pass; what is recorded stays, and
 * the next pass resumes from it. Anything else thrown (a lost status race, a listener that "kills" the
 * controller) leaves the pass where it happens, on purpose: the written status is what the next pass, or
 * the next controller, carries on from.
 *
 * @param <D> the machine's sealed decision type
 */
public abstract class StepMachine<D> {
  private static final Logger LOG = LoggerFactory.getLogger(StepMachine.class);

  private final String name;
  private final int maxStepsPerPass;
  protected final EventRecorder events;
  protected final ControllerMetrics metrics;
  /** How soon a pass that leaves something running elsewhere asks to look at it again. */
  protected final Duration lookAgain;
  protected final Clock clock;

  /** What every machine works with. */
  public record Dependencies(EventRecorder events, ControllerMetrics metrics, Duration lookAgain, Clock clock) {}

  /**
   * @param name for logs
   * @param maxStepsPerPass decisions at most in one pass (keeps one declaration from holding up the others)
   */
  protected StepMachine(String name, int maxStepsPerPass, Dependencies dependencies) {
    this.name = name;
    this.maxStepsPerPass = maxStepsPerPass;
    this.events = dependencies.events();
    this.metrics = dependencies.metrics();
    this.lookAgain = dependencies.lookAgain();
    this.clock = dependencies.clock();
  }

  /** What is new to record before acting on a decision: the status edit, and the step it records. */
  public record Ahead(StatusEdit edit, Enum<?> step) {}

  /** Whether this machine has anything to do with the declaration in this pass; false skips it. */
  protected boolean takesPart(Pass pass) {
    return true;
  }

  /** The next decision, from the status as last written: the pure decider, fed by reads only. */
  protected abstract D decide(Pass pass);

  /**
   * Makes ready what the decision needs before anything of it is recorded (a download, a check): an action of
   * the machine, not of its pure decider, run after {@link #decide} and before {@link #writeAhead}. Returns the
   * decision to go on with: the same one, or one saying why it cannot start now (then nothing is written ahead
   * for it, and a controller dying meanwhile leaves nothing half-done). Default: nothing to prepare.
   */
  protected D prepare(Pass pass, D decision) {
    return decision;
  }

  /** What the decision starts, to record before {@link #act}; null when it resumes what is recorded already. */
  protected Ahead writeAhead(Pass pass, D decision) {
    return null;
  }

  /** Told right after the write-ahead, before the listener: Events and bookkeeping about what was recorded. */
  protected void recorded(Pass pass, D decision) {}

  /** Carries out one step of the decision, recording its result; reads what was written ahead from the pass. */
  protected abstract Outcome act(Pass pass, D decision);

  /**
   * True while this machine has work in flight in the status that the machines after it must not disturb;
   * the reconciler then asks none of them in this pass.
   */
  public abstract boolean holds(RuntimeStatus status);

  /** Decide, prepare, write ahead, act, until a step is done or asks to look again; never waits. */
  public final Outcome run(Pass pass) {
    if (!takesPart(pass)) {
      return Outcome.DONE;
    }
    try {
      for (int step = 0; step < maxStepsPerPass; step++) {
        D decision = prepare(pass, decide(pass));
        LOG.debug("{}: {}: {}", pass, name, decision);
        Ahead ahead = writeAhead(pass, decision);
        if (ahead != null) {
          pass.write(ahead.edit());
          recorded(pass, decision);
          pass.reached(ahead.step());
        }
        Outcome outcome = act(pass, decision);
        if (!(outcome instanceof Outcome.Next)) {
          return outcome;
        }
      }
      // Out of steps for this pass: the next regular pass goes on (one declaration must not hold up the others).
      return Outcome.DONE;
    } catch (FlinkUnreachableException e) {
      LOG.info("{}: {}: the JobManager does not answer; what is recorded stays for the next pass: {}", pass, name, e.getMessage());
      return Outcome.DONE;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
