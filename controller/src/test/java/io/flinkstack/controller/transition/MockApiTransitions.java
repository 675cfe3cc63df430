package io.flinkstack.controller.transition;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.controller.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An application's transitions run pass by pass against the mock API server (CRUD mode), on a clock the test moves,
 * with a JobManager whose REST port nobody listens on (the JobManager lists no job): what the tests of the steps past a
 * stop share. Readiness timeout 5 min, savepoint backoff 1 to 10 min.
 */
final class MockApiTransitions {
  final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final StatusStore store;
  private final JobTransitions transitions;
  private final KubernetesClient client;
  private final URI nobodyListens;

  MockApiTransitions(KubernetesClient client, Path work) {
    this.client = client;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway, clock);
    transitions = transitions(gateway, clock, work);
  }

  /** The transitions as these tests run them: on {@code gateway} and {@code clock}, jars cached under {@code work}. */
  static JobTransitions transitions(Fabric8KubernetesGateway gateway, java.time.Clock clock, Path work) {
    return new JobTransitions(new StepMachine.Dependencies(new EventRecorder(gateway, clock),
        new ControllerMetrics(new SimpleMeterRegistry()), Duration.ofMillis(100), clock),
        gateway, new JobSubmitter(JarFetcher.builder(work.resolve("jar-cache")).build()),
        new Backoffs(Duration.ofMinutes(1), Duration.ofMinutes(10)), Duration.ofMinutes(5));
  }

  /** One pass of the declaration's transition, the JobManager reachable and listing no job. */
  void pass(Declaration declaration) {
    VersionedStatus status = store.read(declaration.identity(), RuntimeStatus.initial(null));
    transitions.run(new Pass(declaration, status, JobObservation.reachable(clock.instant(), Optional.empty()),
        new FlinkClients(Duration.ofSeconds(1)).forUrl(nobodyListens), store, (step, identity) -> { }));
  }

  RuntimeStatus status(Declaration declaration) {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  /** What the StatefulSet controller does first with a changed set: it records the generation seen. */
  void statefulSetControllerObserves(String namespace) {
    for (var set : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
      set.getStatus().setObservedGeneration(set.getMetadata().getGeneration());
      client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
    }
  }

  /** A set of the cluster whose gate is open (partition 0), at {@code current} and updating to {@code update}. */
  static void statefulSet(KubernetesClient client, String namespace, String cluster, String name, int replicas, String current,
      String update) {
    client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(name).addToLabels(Labels.INSTANCE, cluster).endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName(name)
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate().endUpdateStrategy()
        .endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withCurrentRevision(name + "-" + current)
        .withUpdateRevision(name + "-" + update).endStatus()
        .build()).createOr(NonDeletingOperation::update);
  }

  /** A ready pod of the cluster at {@code revision}; the uid the API server gave it (it ignores one a client sets). */
  static String readyPod(KubernetesClient client, String namespace, String cluster, String name, String component, String revision) {
    String set = name.substring(0, name.lastIndexOf('-'));
    return client.pods().inNamespace(namespace).resource(new PodBuilder()
        .withNewMetadata().withName(name)
        .addToLabels(Labels.NAME, Labels.NAME_FLINK).addToLabels(Labels.INSTANCE, cluster).addToLabels(Labels.COMPONENT, component)
        .addToLabels(PodSnapshot.REVISION_LABEL, set + "-" + revision).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("ContainersReady").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build()).create().getMetadata().getUid();
  }
}
