package io.flinkstack.controller.transition;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.controller.declaration.Declaration;
import java.util.Objects;
import java.util.Optional;

/**
 * The restart and redeploy requests of a declaration: a nonce declared and not yet answered. A status created with
 * the nonce already declared counts it as answered (the job was just started anyway); a nonce first declared on an
 * existing job is a request. Answered when the transition is recorded ({@code JobTransitions}), so a restarted
 * controller continues that transition instead of starting a second one.
 */
final class Nonces {
  private Nonces() {}

  static Optional<String> redeploy(Declaration declaration, RuntimeStatus status) {
    Long declared = declaration.job().redeployNonce();
    if (declared == null || Objects.equals(declared, status.observedRedeployNonce())) {
      return Optional.empty();
    }
    String from = declaration.job().initialSavepointPath();
    return Optional.of("redeployNonce changed (" + status.observedRedeployNonce() + " → " + declared + "): the job starts again from "
        + (from == null ? "no state" : "initialSavepointPath " + from) + ", its current state discarded");
  }

  static Optional<String> restart(Declaration declaration, RuntimeStatus status) {
    Long declared = declaration.job().restartNonce();
    if (declared == null || Objects.equals(declared, status.observedRestartNonce())) {
      return Optional.empty();
    }
    return Optional.of("restartNonce changed (" + status.observedRestartNonce() + " → " + declared + "): the job restarts from its latest state");
  }
}
