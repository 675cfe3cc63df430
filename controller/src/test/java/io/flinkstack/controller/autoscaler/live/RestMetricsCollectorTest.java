package io.flinkstack.controller.autoscaler.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkstack.controller.autoscaler.JobTopology;
import io.flinkstack.controller.autoscaler.MetricsWindow;
import io.flinkstack.controller.autoscaler.Partitioning;
import io.flinkstack.controller.autoscaler.VertexMetrics;
import io.flinkstack.controller.flink.AggregatedMetric;
import io.flinkstack.controller.flink.JobVertex;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parsing against REST JSON recorded from Flink 1.20.3 running BottleneckJob (3× overloaded bottleneck at
 * parallelism 1): {@code /jobs/:id/plan} and {@code /jobs/:id/vertices/:vid/subtasks/metrics?get=…}.
 */
class RestMetricsCollectorTest {
  private static final String SOURCE = "ada0bff140cc97d06582d31499e3960f";
  private static final String BOTTLENECK = "0255ad1c4250d74ca12d01eaf5e60296";
  private static final String SINK = "2e588ce1c86a9d46e2e85186773ce4fd";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePlanGivesTheEdgesAndTheirPartitioning() throws Exception {
    JobTopology topology = RestMetricsCollector.topology(json("plan.json"));

    assertThat(topology.verticesInTopologicalOrder()).containsExactly(SOURCE, BOTTLENECK, SINK);
    assertThat(topology.isSource(SOURCE)).isTrue();
    assertThat(topology.inputs(BOTTLENECK)).singleElement()
        .satisfies(e -> assertThat(e.partitioning()).isEqualTo(Partitioning.HASH));
    assertThat(topology.hasKeyedInput(BOTTLENECK)).isTrue();
    assertThat(topology.inputs(SINK)).singleElement()
        .satisfies(e -> assertThat(e.partitioning()).isEqualTo(Partitioning.REBALANCE));
  }

  @Test
  void aLegacySourceReadsItsSourceOperatorsOutputHasNoBusyTimeAndReportsItsBacklog() throws Exception {
    VertexSample source = RestMetricsCollector.vertexSample(vertex(SOURCE, "Source: rate-source", 1), true,
        metrics("source-metrics.json")).orElseThrow();

    assertThat(source.recordsIn()).isEqualTo(2753); // Source__rate-source.numRecordsOut, not the task's numRecordsIn (0)
    assertThat(source.recordsOut()).isEqualTo(2752);
    assertThat(source.busyMs()).isNaN(); // Flink: busyTimeMsPerSecond "NaN"
    assertThat(source.backPressuredMs()).isEqualTo(23668);
    assertThat(source.pendingRecords()).isEqualTo(4753); // Source__rate-source.pendingRecords
    assertThat(source.backPressuredTimeMsPerSecond()).isEqualTo(973);
  }

  @Test
  void aWindowIsTheCounterDifferencesOverTheTimeBetweenTwoSamples() throws Exception {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    JobTopology topology = RestMetricsCollector.topology(json("plan.json"));
    VertexSample source = RestMetricsCollector.vertexSample(vertex(SOURCE, "Source: rate-source", 1), true,
        metrics("source-metrics.json")).orElseThrow();
    VertexSample bottleneck = RestMetricsCollector.vertexSample(vertex(BOTTLENECK, "bottleneck", 1), false,
        metrics("bottleneck-metrics.json")).orElseThrow();
    VertexSample sink = new VertexSample(SINK, "sink", 1, 128, 2441, 0, 177, 0, Double.NaN, 0, 0);
    JobSample first = new JobSample(t0, "j", topology, Map.of(SOURCE, source, BOTTLENECK, bottleneck, SINK, sink));
    // 20 s later: the source read 2000 more (100/s) and its backlog grew by 4000 (200/s); the bottleneck took
    // 2000 (100/s) busy 19 000 ms of 20 000 (950 ms/s); the source waited 18 000 ms (900 ms/s).
    VertexSample source2 = new VertexSample(SOURCE, "Source: rate-source", 1, 128, 2753 + 2000, 2752 + 2000,
        Double.NaN, 23668 + 18000, 4753 + 4000, Double.NaN, 973);
    VertexSample bottleneck2 = new VertexSample(BOTTLENECK, "bottleneck", 1, 128, 2444 + 2000, 2443 + 2000,
        25085 + 19000, 0, Double.NaN, 996, 0);
    VertexSample sink2 = new VertexSample(SINK, "sink", 1, 128, 2441 + 2000, 0, 177 + 100, 0, Double.NaN, 0, 0);
    JobSample last = new JobSample(t0.plusSeconds(20), "j", topology,
        Map.of(SOURCE, source2, BOTTLENECK, bottleneck2, SINK, sink2));

    MetricsWindow window = RestMetricsCollector.window(first, last);

    VertexMetrics s = window.of(SOURCE);
    assertThat(s.recordsInPerSecond()).isCloseTo(100, within(1e-9));
    assertThat(s.busyTimeMsPerSecond()).isNaN();
    assertThat(s.backPressuredTimeMsPerSecond()).isCloseTo(900, within(1e-9));
    assertThat(s.pendingRecords()).isEqualTo(8753);
    assertThat(s.pendingRecordsGrowthPerSecond()).isCloseTo(200, within(1e-9));
    VertexMetrics b = window.of(BOTTLENECK);
    assertThat(b.recordsInPerSecond()).isCloseTo(100, within(1e-9));
    assertThat(b.busyTimeMsPerSecond()).isCloseTo(950, within(1e-9));
    assertThat(b.reportsBacklog()).isFalse();
    assertThat(window.of(SINK).busyTimeMsPerSecond()).isCloseTo(5, within(1e-9));
    assertThat(window.start()).isEqualTo(t0);
  }

  @Test
  void samplesAcrossARescaleOrARestartMakeNoWindow() throws Exception {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    JobTopology topology = RestMetricsCollector.topology(json("plan.json"));
    VertexSample at1 = new VertexSample(BOTTLENECK, "bottleneck", 1, 128, 1000, 1000, 500, 0, Double.NaN, 500, 0);
    VertexSample at2 = new VertexSample(BOTTLENECK, "bottleneck", 2, 128, 2000, 2000, 500, 0, Double.NaN, 500, 0);
    VertexSample restarted = new VertexSample(BOTTLENECK, "bottleneck", 1, 128, 10, 10, 5, 0, Double.NaN, 500, 0);
    JobSample first = new JobSample(t0, "j", topology, Map.of(BOTTLENECK, at1));

    assertThat(first.continuedBy(new JobSample(t0.plusSeconds(5), "j", topology, Map.of(BOTTLENECK, at2)))).isFalse();
    assertThat(first.continuedBy(new JobSample(t0.plusSeconds(5), "j", topology, Map.of(BOTTLENECK, restarted)))).isFalse();
    assertThatThrownBy(() -> RestMetricsCollector.window(first,
        new JobSample(t0.plusSeconds(5), "j", topology, Map.of(BOTTLENECK, restarted))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVertexWhoseCountersAreNotFetchedYetGivesNoSample() {
    assertThat(RestMetricsCollector.vertexSample(vertex(SINK, "sink", 1), false, Map.of())).isEmpty();
  }

  private static JobVertex vertex(String id, String name, int parallelism) {
    return new JobVertex(id, name, parallelism, 128, "RUNNING", Map.of("RUNNING", parallelism));
  }

  private static JsonNode json(String file) throws Exception {
    try (InputStream in = RestMetricsCollectorTest.class.getResourceAsStream("/autoscaler-live/" + file)) {
      return JSON.readTree(in);
    }
  }

  private static Map<String, AggregatedMetric> metrics(String file) throws Exception {
    Map<String, AggregatedMetric> out = new LinkedHashMap<>();
    for (JsonNode m : json(file)) {
      out.put(m.path("id").asText(), new AggregatedMetric(m.path("id").asText(), number(m, "min"), number(m, "max"),
          number(m, "avg"), number(m, "sum")));
    }
    return out;
  }

  private static double number(JsonNode m, String field) {
    JsonNode v = m.path(field);
    return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText("NaN"));
  }
}
