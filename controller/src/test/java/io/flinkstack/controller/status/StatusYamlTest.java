package io.flinkstack.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.FlinkObservation;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.StatusError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusYamlTest {
  private static final Instant T = Instant.parse("2026-11-20T12:00:00.123456Z");

  @Test
  void everyFieldSurvivesTheRoundTripExactly() {
    SavepointInfo savepoint = new SavepointInfo("file:/sp/savepoint-1", SavepointTrigger.NONCE, T, "job", "trigger");
    RuntimeStatus status = StatusEdit.of(RuntimeStatus.initial(3L))
        .lifecycle(LifecycleState.STABLE)
        .job("job", "RUNNING")
        .observation(new FlinkObservation(true, T, null))
        .savepointCompleted(savepoint)
        .pending(new PendingOperation(OperationKind.SAVEPOINT, "t2", "job", SavepointTrigger.PERIODIC, null, null, T, null))
        .lastError(new StatusError(T, "savepoint", "failed: java.io.IOException: disk full"))
        .savepointBackoff(new Backoff(2, T.plusSeconds(20)))
        .build();

    String yaml = StatusYaml.write(status);

    // Equal after a round trip is what lets the store skip writes when nothing changed.
    assertThat(StatusYaml.read(yaml)).isEqualTo(status);
    assertThat(yaml).contains("lifecycle: STABLE", "time: 2026-11-20T12:00:00.123456Z", "trigger: NONCE",
        "path: file:/sp/savepoint-1", "observedSavepointTriggerNonce: 3");
    assertThat(yaml).as("absent fields are left out").doesNotContain("null", "disposalBackoff");
  }

  @Test
  void aTransitionsUpgradeModeKeepsItsWireSpelling() {
    Transition t = new Transition(TransitionKind.UPGRADE, TransitionStep.RECORDED, UpgradeMode.LAST_STATE, "job", null,
        null, "rev-2", null, java.util.Map.of(), null, T, T, null);
    RuntimeStatus status = StatusEdit.of(RuntimeStatus.initial(null)).transition(t).build();
    String yaml = StatusYaml.write(status);
    // The spelling statuses written before the contract typed it: a controller upgraded mid-transition reads it on.
    assertThat(yaml).contains("upgradeMode: last-state", "kind: UPGRADE", "step: RECORDED");
    assertThat(StatusYaml.read(yaml)).isEqualTo(status);
  }

  @Test
  void aNewerControllersFieldsAreIgnoredAndGarbageIsRefused() {
    assertThat(StatusYaml.read("lifecycle: CREATED\nsomethingNew: 1\n").lifecycle()).isEqualTo(LifecycleState.CREATED);
    assertThat(StatusYaml.read("lifecycle: CREATED\n").savepointHistory()).isEmpty();
    assertThatThrownBy(() -> StatusYaml.read("lifecycle: [")).isInstanceOf(IllegalArgumentException.class);
  }
}
