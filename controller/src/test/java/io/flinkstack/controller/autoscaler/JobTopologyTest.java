package io.flinkstack.controller.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobTopologyTest {

  @Test
  void ordersUpstreamFirstAndKnowsSourcesAndKeyedInputs() {
    JobTopology topology = JobTopology.builder()
        .edge("join", "sink", Partitioning.FORWARD)
        .edge("orders", "join", Partitioning.HASH)
        .edge("payments", "join", Partitioning.HASH)
        .build();
    assertThat(topology.verticesInTopologicalOrder()).containsExactly("orders", "payments", "join", "sink");
    assertThat(topology.isSource("orders")).isTrue();
    assertThat(topology.isSource("join")).isFalse();
    assertThat(topology.hasKeyedInput("join")).isTrue();
    assertThat(topology.hasKeyedInput("sink")).isFalse();
    assertThat(topology.inputs("join")).extracting(JobTopology.Edge::from).containsExactly("orders", "payments");
  }

  @Test
  void refusesCycles() {
    assertThatThrownBy(() -> JobTopology.builder()
        .edge("a", "b", Partitioning.FORWARD)
        .edge("b", "a", Partitioning.FORWARD)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle");
  }
}
