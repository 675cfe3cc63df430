package io.flinkstack.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.AutoscalerMemory;
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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flinkstack.controller.autoscaler.AutoscalerState;
import io.flinkstack.controller.autoscaler.JobTopology;
import io.flinkstack.controller.autoscaler.Partitioning;
import io.flinkstack.controller.autoscaler.PendingScaleDown;
import io.flinkstack.controller.autoscaler.live.AutoscalerMemories;
import io.flinkstack.controller.autoscaler.live.JobSample;
import io.flinkstack.controller.autoscaler.live.VertexSample;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record as it travels in a FlinkJob's {@code status.runtime}: through the client library's own serialization. */
class RuntimeStatusJsonTest {
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  /** Stored in a FlinkJob and read back by the client library (as JSON, the runtime field as plain maps). */
  private static Object stored(RuntimeStatus status) {
    FlinkJob job = new FlinkJob();
    job.setMetadata(new ObjectMetaBuilder().withName("orders").build());
    job.setStatus(new FlinkJobStatus());
    job.getStatus().runtime = RuntimeStatusJson.write(status);
    return KUBERNETES.unmarshal(KUBERNETES.asJson(job), FlinkJob.class).getStatus().runtime;
  }

  private static String json(RuntimeStatus status) {
    return RuntimeStatusJson.write(status).toString();
  }

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

    String json = json(status);

    // Equal after a round trip is what lets the store skip writes when nothing changed.
    assertThat(RuntimeStatusJson.read(stored(status))).isEqualTo(status);
    assertThat(json).contains("\"lifecycle\":\"STABLE\"", "\"time\":\"2026-11-20T12:00:00.123456Z\"",
        "\"trigger\":\"NONCE\"", "\"path\":\"file:/sp/savepoint-1\"", "\"observedSavepointTriggerNonce\":3");
    assertThat(json).as("absent fields are left out").doesNotContain("null", "disposalBackoff");
  }

  @Test
  void aTransitionsUpgradeModeKeepsItsWireSpelling() {
    Transition t = new Transition(TransitionKind.UPGRADE, TransitionStep.RECORDED, UpgradeMode.LAST_STATE, "job", null,
        null, "rev-2", null, java.util.Map.of(), null, T, T, null);
    RuntimeStatus status = StatusEdit.of(RuntimeStatus.initial(null)).transition(t).build();
    // The wire spelling of the contract's enums, as in the spec.
    assertThat(json(status)).contains("\"upgradeMode\":\"last-state\"", "\"kind\":\"UPGRADE\"", "\"step\":\"RECORDED\"");
    assertThat(RuntimeStatusJson.read(stored(status))).isEqualTo(status);
  }

  @Test
  void aSessionJobsEarlierSubmissionAndTheStopOfItsUpgradeSurviveTheRoundTripAndAreAbsentFromAnOlderStatus() {
    io.flinkstack.contract.SubmittedJob submitted = new io.flinkstack.contract.SubmittedJob("0123456789abcdef01234567",
        io.flinkstack.contract.JobKind.SQL, "flinkstack:sql-runner", "ab".repeat(32),
        new io.flinkstack.contract.JarCredentials("artifacts", "token"), "io.flinkstack.sqlrunner.SqlRunner", List.of("--x", "1"), 3,
        "INSERT INTO sink SELECT * FROM source;\n", true);
    Transition upgrade = new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, "job", "trigger",
        "file:/sp/savepoint-2", "fedcba9876543210fedcba98", "new-job", Map.of(), 0.25, T, T.plusSeconds(3), null, "file:/sp/stop-trigger",
        T.plusSeconds(1));
    RuntimeStatus status = StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.UPGRADING).job("job", "FINISHED")
        .deployedSpec("0123456789abcdef01234567").transition(upgrade).submittedJob(submitted).build();

    String json = json(status);

    assertThat(RuntimeStatusJson.read(stored(status))).isEqualTo(status);
    assertThat(json).contains("\"submittedJob\":{\"spec\":\"0123456789abcdef01234567\",\"kind\":\"sql\"",
        "\"jarCredentials\":{\"secretName\":\"artifacts\",\"key\":\"token\"}", "\"args\":[\"--x\",\"1\"]",
        "\"parallelism\":3", "\"allowNonRestoredState\":true", "\"stoppedAt\":\"2026-11-20T12:00:01.123456Z\"");

    // Written by a controller from before: no submittedJob, a transition without stoppedAt.
    Map<String, Object> older = Map.of("lifecycle", "UPGRADING", "deployedSpec", "0123456789abcdef01234567",
        "transition", Map.of("kind", "UPGRADE", "step", "APPLIED", "upgradeMode", "savepoint", "newJobId", "new-job",
            "target", "fedcba9876543210fedcba98", "startedAt", "2026-11-20T12:00:00Z", "stepAt", "2026-11-20T12:00:03Z"));
    RuntimeStatus read = RuntimeStatusJson.read(older);
    assertThat(read.submittedJob()).isNull();
    assertThat(read.transition().stoppedAt()).isNull();
    assertThat(read.transition().stepAt()).isEqualTo(Instant.parse("2026-11-20T12:00:03Z"));
    assertThat(read.deployedSpec()).isEqualTo("0123456789abcdef01234567");
  }

  @Test
  void theAutoscalersMemorySurvivesTheRoundTripWithNaNAsNull() {
    JobTopology topology = JobTopology.builder().edge("src", "enrich", Partitioning.HASH)
        .edge("enrich", "sink", Partitioning.REBALANCE, 0.5).build();
    Map<String, VertexSample> vertices = new LinkedHashMap<>();
    // A legacy source: no busy time (NaN in Flink), no backlog reported.
    vertices.put("src", new VertexSample("src", "Source: orders", 1, 128, 120000, 119999, Double.NaN, 23668.25,
        Double.NaN, Double.NaN, 973));
    vertices.put("enrich", new VertexSample("enrich", "enrich", 4, 128, 119999, 59000, 4.0e7 / 3, 0, Double.NaN,
        0.1 + 0.2, 0));
    vertices.put("sink", new VertexSample("sink", "sink", 2, 32768, 59000, 0, 177, 0, Double.NaN, 1, 0));
    JobSample sample = new JobSample(T, "job", topology, vertices);
    AutoscalerState state = new AutoscalerState(T.minusSeconds(3600),
        Map.of("enrich", new PendingScaleDown(T.plusSeconds(60), 2, 3)));
    RuntimeStatus status = StatusEdit.of(RuntimeStatus.initial(null)).job("job", "RUNNING")
        .autoscaler(AutoscalerMemories.of("job", sample, state, T.plusSeconds(120))).build();

    String json = json(status);
    RuntimeStatus read = RuntimeStatusJson.read(stored(status));

    assertThat(read).isEqualTo(status);
    assertThat(json).doesNotContain("NaN", "null");
    assertThat(json).contains("\"autoscaler\":{\"jobId\":\"job\"", "\"partitioning\":\"HASH\"",
        "\"outputRatio\":0.5", "\"since\":\"2026-11-20T12:01:00.123456Z\"", "\"evaluations\":2");
    AutoscalerMemory memory = read.autoscaler();
    JobSample back = AutoscalerMemories.sample("job", memory.windowStart());
    // Records compare doubles as Double.compare does: NaN equals NaN, every other value exactly.
    assertThat(back.vertices()).isEqualTo(sample.vertices());
    assertThat(back.vertices().get("src").busyMs()).isNaN();
    assertThat(back.at()).isEqualTo(T);
    assertThat(back.topology().verticesInTopologicalOrder()).containsExactly("src", "enrich", "sink");
    assertThat(back.topology().hasKeyedInput("enrich")).isTrue();
    assertThat(back.topology().inputs("sink").get(0).declaredOutputRatio()).hasValue(0.5);
    assertThat(AutoscalerMemories.state(memory)).isEqualTo(state);
    assertThat(memory.lastEvaluation()).isEqualTo(T.plusSeconds(120));
    assertThat(RuntimeStatusJson.read(Map.of("lifecycle", "CREATED")).autoscaler()).as("a status from before").isNull();
  }

  @Test
  void aNewerControllersFieldsAreIgnoredAndGarbageIsRefused() {
    assertThat(RuntimeStatusJson.read(Map.of("lifecycle", "CREATED", "somethingNew", 1)).lifecycle())
        .isEqualTo(LifecycleState.CREATED);
    assertThat(RuntimeStatusJson.read(Map.of("lifecycle", "CREATED")).savepointHistory()).isEmpty();
    assertThatThrownBy(() -> RuntimeStatusJson.read(Map.of("lifecycle", List.of("x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
