package io.flinkstack.controller.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParallelismAlignmentTest {

  @Test
  void scaleUpMovesToTheNextDivisorOfTheKeyGroups() {
    // 128 key groups over 5 subtasks: 128 = 3 × 26 + 2 × 25, the 26-group subtasks set the pace.
    // 128 % 5 = 3, 128 % 6 = 2, 128 % 7 = 2, 128 % 8 = 0 → 8 (16 key groups each).
    assertThat(ParallelismAlignment.align(2, 5, 128, 128)).isEqualTo(8);
    assertThat(ParallelismAlignment.align(8, 9, 128, 128)).isEqualTo(16); // 9..15 do not divide 128
  }

  @Test
  void scaleUpMovesToTheNextDivisorOfThePartitions() {
    // 12 partitions over 5 readers: two read 3, three read 2. 12 % 5 = 2, 12 % 6 = 0 → 6.
    assertThat(ParallelismAlignment.align(2, 5, 12, 12)).isEqualTo(6);
    assertThat(ParallelismAlignment.align(6, 7, 12, 12)).isEqualTo(12); // 7..11 do not divide 12
  }

  @Test
  void scaleDownSearchesOnlyUpToTheCurrentParallelism() {
    // From 32 towards 10: 10..15 do not divide 128, 16 does → 16.
    assertThat(ParallelismAlignment.align(32, 10, 128, 128)).isEqualTo(16);
    // From 16 towards 9: the first divisor in 9..16 is 16 itself → no change (no flapping 16 → 9 → 16).
    assertThat(ParallelismAlignment.align(16, 9, 128, 128)).isEqualTo(16);
  }

  @Test
  void keepsTheProposalWhenNoDivisorIsInReach() {
    // Upper bound 6: neither 5 nor 6 divides 128 → 5 stays.
    assertThat(ParallelismAlignment.align(2, 5, 128, 6)).isEqualTo(5);
  }
}
