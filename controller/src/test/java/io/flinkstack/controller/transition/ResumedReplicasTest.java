package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a resume scales a set back to, now that the count goes through /scale (a count only). */
class ResumedReplicasTest {
  @Test
  void aRecordedCountIsRestoredAsItWas() {
    assertThat(JobTransitions.resumedReplicas(0)).isZero();
    assertThat(JobTransitions.resumedReplicas(4)).isEqualTo(4);
  }

  @Test
  void aSuspendRecordedBeforeCountsWereKeptForAutoscaledSetsResumesAtOne() {
    // Such a resume removed spec.replicas, which the API server defaults to 1 (SetDefaults_StatefulSet).
    assertThat(JobTransitions.resumedReplicas(null)).isEqualTo(1);
  }
}
