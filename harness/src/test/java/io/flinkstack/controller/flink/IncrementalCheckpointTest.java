package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.controller.snapshot.SnapshotRules;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A checkpoint snapshot's {@code spec.checkpointType}, as the controller sends it ({@link SnapshotRules#checkpointType}
 * through {@link FlinkRestClient#triggerCheckpoint}), against Flink 1.20.3 on the state backend that has incremental
 * checkpoints: RocksDB, with {@code execution.checkpointing.incremental}. The hashmap backend of the other clusters
 * writes every checkpoint whole, so only here does an incremental checkpoint differ from a full one.
 *
 * <p>What Flink does with the type (flink-runtime 1.20.3): {@code CheckpointHandlers.CheckpointTriggerHandler} refuses
 * {@code INCREMENTAL} (FLINK-33723, since 1.19); {@code CheckpointCoordinator#triggerCheckpoint(CheckpointType)} makes
 * {@code FULL} a full checkpoint ({@code CheckpointType.FULL_CHECKPOINT}) and {@code CONFIGURED} the job's own periodic
 * type, incremental exactly when the state backend is. The proof is Flink's own statistics of each checkpoint: the bytes
 * it persisted ({@code checkpointed_size}) against the state it covers ({@code state_size}), and the files it left in
 * the job's {@code shared} directory.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IncrementalCheckpointTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  // No periodic checkpoints (the job's interval is an hour): each checkpoint is one of the test's, so which files an
  // incremental one can reuse is known. A data-inline threshold of 0 writes every state file as a file, however small
  // (by default files under 20 KB, all of this job's, are inlined into _metadata).
  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("start: JobManager + 1 TaskManager, RocksDB incremental",
      builder -> builder.taskManagers(1).slotsPerTaskManager(2)
          .config("state.backend.type", "rocksdb")
          .config("execution.checkpointing.incremental", "true")
          .config("execution.checkpointing.data-inline-threshold", "0")
          .config("execution.checkpointing.num-retained", "10")).withTestJob().cancellingLeftoverJobs();

  private final FlinkRestClient flink = CLUSTER.flink();

  @Test
  void flinkRefusesAnIncrementalTriggerAsTheControllerExpectsAndTheConfiguredTypeIsIncrementalWhileAFullOneIsNot(TestInfo test)
      throws Exception {
    SequenceJobDriver job = CLUSTER.newJob(test);
    List<String> args = new ArrayList<>(job.args());
    args.set(args.indexOf("--checkpoint-interval") + 1, Long.toString(Duration.ofHours(1).toMillis()));
    String jobId = flink.runJar(job.jarId(), JarRunRequest.defaults().withParallelism(2).withProgramArgs(args));
    job.awaitFullyRunning(jobId);

    // spec.checkpointType incremental: Flink 1.20.3 refuses it, and so does the controller's rule, before asking.
    String version = flink.overview().flinkVersion();
    assertThatThrownBy(() -> trigger(jobId, FlinkSnapshotSpec.CheckpointType.INCREMENTAL))
        .isInstanceOfSatisfying(FlinkRestException.class, refused -> assertThat(refused.status()).isEqualTo(500))
        .hasMessageContaining("FLINK-33723");
    assertThat(SnapshotRules.checkpointRefusal(version, "INCREMENTAL")).as("the controller refuses it on %s too", version).isPresent();

    // Left out (configured): incremental, as the backend is.
    long first = checkpoint(jobId, null);
    Set<Path> sharedAfterFirst = shared(jobId);
    assertThat(sharedAfterFirst).as("RocksDB's files of an incremental checkpoint are shared ones").isNotEmpty();
    Thread.sleep(1_000); // more records, so more state to flush into new files
    long second = checkpoint(jobId, null);
    long full = checkpoint(jobId, FlinkSnapshotSpec.CheckpointType.FULL);

    String log = Files.readString(CLUSTER.cluster().jobManagerLog());
    assertThat(log).as("configured: the job's own type, a regular checkpoint")
        .contains("Triggering checkpoint " + first + " (type=CheckpointType{name='Checkpoint'")
        .contains("Triggering checkpoint " + second + " (type=CheckpointType{name='Checkpoint'")
        .contains("Triggering checkpoint " + full + " (type=CheckpointType{name='Full Checkpoint'");

    JsonNode secondStats = details(jobId, second);
    assertThat(secondStats.path("checkpointed_size").asLong()).as("the second checkpoint persisted only what is new: less"
        + " than the state it covers (%s)", secondStats).isPositive()
        .isLessThan(secondStats.path("state_size").asLong());
    assertThat(shared(jobId)).as("and still references the first one's files").containsAll(sharedAfterFirst);

    JsonNode fullStats = details(jobId, full);
    assertThat(fullStats.path("checkpointed_size").asLong()).as("a full checkpoint persisted all of its state (%s)", fullStats)
        .isEqualTo(fullStats.path("state_size").asLong());
  }

  /** Triggers a checkpoint of the declared type (null: left out) as the controller does, waits for it, returns its id. */
  private long checkpoint(String jobId, FlinkSnapshotSpec.CheckpointType type) {
    OperationStatus status = flink.await(trigger(jobId, type), OPERATION_TIMEOUT);
    assertThat(status.succeeded()).as("checkpoint %s failed: %s", type, status.failureCause()).isTrue();
    return status.checkpointId().orElseThrow();
  }

  private OperationTrigger trigger(String jobId, FlinkSnapshotSpec.CheckpointType type) {
    FlinkSnapshot snapshot = new FlinkSnapshot();
    snapshot.setSpec(new FlinkSnapshotSpec());
    snapshot.getSpec().type = FlinkSnapshotSpec.Type.CHECKPOINT;
    snapshot.getSpec().checkpointType = type;
    return flink.triggerCheckpoint(jobId, FlinkIds.random(), SnapshotRules.checkpointType(snapshot));
  }

  /** The files of the job's shared directory: where RocksDB's SST files go that later checkpoints may reuse. */
  private static Set<Path> shared(String jobId) throws IOException {
    Path shared = CLUSTER.cluster().checkpointDirectory().resolve(jobId).resolve("shared");
    if (!Files.isDirectory(shared)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(shared)) {
      return files.collect(Collectors.toSet());
    }
  }

  /** Flink's statistics of one checkpoint ({@code GET /jobs/:jobid/checkpoints/details/:checkpointid}), as Flink sends them. */
  private static JsonNode details(String jobId, long checkpointId) throws Exception {
    URI uri = URI.create(CLUSTER.cluster().restUrl() + "/jobs/" + jobId + "/checkpoints/details/" + checkpointId);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", uri, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());

  }
}
