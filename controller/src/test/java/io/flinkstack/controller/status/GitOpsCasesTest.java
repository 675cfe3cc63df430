package io.flinkstack.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.FlinkObservation;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.Rollback;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The FlinkJob statuses the controller writes, in its main situations, as the cases the Argo CD health check is run
 * against ({@code examples/src/test/resources/gitops/controller-written-cases.yaml}, run with the real {@code lua5.1} by
 * the examples module's {@code GitOpsHealthTest}, which also validates each against the CRD). This test fails when the
 * controller writes something else than that file holds — a change of the conditions must be reviewed with the health
 * it gives: run with {@code -Dflinkstack.gitops.approve=true} to write the file, and review its diff.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class GitOpsCasesTest {
  private static final Path CASES = Path.of("../examples/src/test/resources/gitops/controller-written-cases.yaml");
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

  KubernetesClient client;

  /** The status the controller stores for {@code record} (the record built from the initial one by {@code edit}). */
  private FlinkJob written(String name, Map<String, Object> spec, UnaryOperator<StatusEdit> edit, String invalid)
      throws Exception {
    return written(DeclarationFixture.application("flink", name), spec, edit, invalid);
  }

  private FlinkJob written(DeclarationFixture fixture, Map<String, Object> spec, UnaryOperator<StatusEdit> edit, String invalid)
      throws Exception {
    spec.forEach(fixture::set);
    FlinkJob job = fixture.apply(client);
    StatusStore store = new StatusStore(new Fabric8KubernetesGateway(client), Clock.fixed(NOW, ZoneOffset.UTC));
    DeclarationIdentity identity = new DeclarationReader(10).identify(job);
    VersionedStatus stored = store.write(identity, store.read(job, RuntimeStatus.initial(1L)),
        edit.apply(StatusEdit.of(RuntimeStatus.initial(1L))).build());
    return invalid == null ? stored.object() : store.markInvalid(stored.object(), invalid);
  }

  private ObjectNode testCase(String name, String status, String message, FlinkJob job) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("name", name);
    c.putObject("expect").put("status", status).put("message", message);
    ObjectNode obj = YAML.valueToTree(client.getKubernetesSerialization().convertValue(job, Map.class));
    ObjectNode metadata = (ObjectNode) obj.get("metadata");
    // What the mock API server sets and the health check does not read: left out, so the file stays the same.
    metadata.remove(java.util.List.of("resourceVersion", "uid", "creationTimestamp", "labels", "managedFields",
        "finalizers", "ownerReferences", "annotations"));
    c.set("obj", obj);
    return c;
  }

  @Test
  void theStatusesTheControllerWritesAreTheCasesTheHealthCheckIsRunAgainst() throws Exception {
    FlinkObservation reachable = new FlinkObservation(true, NOW, null);
    ArrayNode cases = JsonNodeFactory.instance.arrayNode();
    cases.add(testCase("running with all tasks", "Healthy", "job RUNNING, parallelism 4",
        written("running", Map.of("parallelism", 4), e -> e.observation(reachable).job("4eae588fa8348db62a80a56938dea79b", "RUNNING")
            .lifecycle(LifecycleState.STABLE), null)));
    cases.add(testCase("submitted, not all tasks running yet", "Progressing", "job INITIALIZING, not all tasks running yet",
        written("starting", Map.of(), e -> e.observation(reachable).job("4eae588fa8348db62a80a56938dea79b", "INITIALIZING")
            .lifecycle(LifecycleState.DEPLOYED), null)));
    cases.add(testCase("an upgrade in flight", "Progressing", "upgrade in progress, at step STOP_TRIGGERED",
        written("upgrading", Map.of(), e -> e.observation(reachable).job("4eae588fa8348db62a80a56938dea79b", "RUNNING")
            .lifecycle(LifecycleState.UPGRADING).transition(new Transition(TransitionKind.UPGRADE,
                TransitionStep.STOP_TRIGGERED, UpgradeMode.SAVEPOINT, "4eae588fa8348db62a80a56938dea79b", null, null,
                "rev-2", null, Map.of(), null, NOW, NOW, null)), null)));
    cases.add(testCase("failed for good", "Degraded",
        "the job FAILED: java.lang.IllegalStateException: boom; fix the cause and change the spec (or restart the job) to start it again",
        written("failed", Map.of(), e -> e.observation(reachable).job("4eae588fa8348db62a80a56938dea79b", "FAILED")
            .lifecycle(LifecycleState.FAILED).lastError(new StatusError(NOW, "job", "java.lang.IllegalStateException: boom")), null)));
    cases.add(testCase("suspended as declared", "Suspended", "suspended as declared",
        written("suspended", Map.of("state", "suspended"), e -> e.observation(reachable)
            .lifecycle(LifecycleState.SUSPENDED), null)));
    cases.add(testCase("JobManager unreachable", "Progressing",
        "the JobManager does not answer: GET /jobs/overview: ConnectException",
        written("unreachable", Map.of(), e -> e.observation(new FlinkObservation(false, NOW, "GET /jobs/overview: ConnectException"))
            .lifecycle(LifecycleState.STABLE), null)));
    cases.add(testCase("an upgrade rolled back after its readiness timeout", "Degraded",
        "the upgrade to orders-jobmanager=orders-jobmanager-7c9,orders-taskmanager=orders-taskmanager-7c9 was rolled back to"
            + " orders-jobmanager=orders-jobmanager-5d8,orders-taskmanager=orders-taskmanager-5d8: the upgrade's job did not run"
            + " with all its tasks within 5 min of its pods' replacement: no job; the applied manifests still hold that template:"
            + " apply a fixed one",
        written("rolledback", Map.of(), e -> e.observation(reachable).job("4eae588fa8348db62a80a56938dea79b", "RUNNING")
            .lifecycle(LifecycleState.STABLE).rolledBack(new Rollback(
                "orders-jobmanager=orders-jobmanager-7c9,orders-taskmanager=orders-taskmanager-7c9",
                "orders-jobmanager=orders-jobmanager-5d8,orders-taskmanager=orders-taskmanager-5d8", "file:/savepoints/savepoint-4eae58-1",
                NOW, "the upgrade's job did not run with all its tasks within 5 min of its pods' replacement: no job")), null)));
    String overdue = "upgrade to orders-jobmanager=orders-jobmanager-7c9,orders-taskmanager=orders-taskmanager-7c9: the upgrade's"
        + " job did not run with all its tasks within 300.00 s of its pods' replacement: no job; 2 pod(s) not ready; not rolled"
        + " back: rollback is off (spec.rollback: false); it keeps waiting for its job: fix the failing template in Git (or turn"
        + " rollback on)";
    cases.add(testCase("an upgrade past its readiness timeout, not rolled back", "Degraded", overdue,
        written("overdue", Map.of("rollback", false), e -> e.observation(reachable).lifecycle(LifecycleState.UPGRADING)
            .transition(new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT,
                "4eae588fa8348db62a80a56938dea79b", null, "file:/savepoints/savepoint-4eae58-1",
                "orders-jobmanager=orders-jobmanager-7c9,orders-taskmanager=orders-taskmanager-7c9", null, Map.of(), null,
                NOW.minusSeconds(400), NOW.minusSeconds(310), null))
            .lastError(new StatusError(NOW, StatusError.READINESS_TIMEOUT, overdue)), null)));
    String lost = "job 4eae588fa8348db62a80a56938dea79b had not ended and its JobManager lists it no more (it restarted without"
        + " HA and lost it); no completed checkpoint in s3://flink/checkpoints/4eae588fa8348db62a80a56938dea79b: not submitted"
        + " again (the last savepoint would replay output committed since); suspend and resume to start it from that savepoint";
    cases.add(testCase("a session job its JobManager lost, without a checkpoint", "Degraded", lost,
        written(DeclarationFixture.sessionJob("flink", "sessions", "lost"), Map.of("jarUri", "https://jars.example.com/orders-1.4.jar"), e -> e.observation(reachable).job("4eae588fa8348db62a80a56938dea79b", "LOST")
            .lifecycle(LifecycleState.CREATED).lastError(new StatusError(NOW, StatusError.JOB_LOST, lost)), null)));
    cases.add(testCase("a spec the controller cannot act on", "Degraded",
        "spec.savepointInterval: 'soon' is not a duration",
        written("invalid", Map.of(), e -> e.observation(reachable), "spec.savepointInterval: 'soon' is not a duration")));

    String header = "# Written by controller's GitOpsCasesTest (do not edit by hand; see that test): the FlinkJob statuses the\n"
        + "# controller writes, and the health examples/gitops/argocd/flinkjob-health.lua must give them.\n";
    String generated = header + YAML.writeValueAsString(cases);
    if (Boolean.getBoolean("flinkstack.gitops.approve")) {
      Files.writeString(CASES, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(CASES)).as("%s exists (write it with -Dflinkstack.gitops.approve=true)", CASES).isTrue();
    assertThat(Files.readString(CASES, StandardCharsets.UTF_8))
        .as("the controller writes other statuses than %s holds: review, then -Dflinkstack.gitops.approve=true", CASES)
        .isEqualTo(generated);
  }
}
