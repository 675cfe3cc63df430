package io.flinkstack.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.resource.FlinkJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's own parts: percentiles, the heap parser, flags, request kinds, and the copies of the application. */
class ControllerBenchTest {
  private static ControllerBenchFixture fixture;

  @BeforeAll
  static void synthesize() {
    // The real synthesized application (cdk8s: a few seconds), so that a change in the constructs that the renaming
    // misses shows here.
    fixture = ControllerBenchFixture.synthesize(ControllerBench.NAMESPACE);
  }

  @Test
  void percentileIsTheNearestRank() {
    List<Double> hundred = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      hundred.add((double) i);
    }
    assertThat(ControllerBench.percentile(hundred, 50)).isEqualTo(50.0);
    assertThat(ControllerBench.percentile(hundred, 99)).isEqualTo(99.0);
    assertThat(ControllerBench.percentile(hundred, 100)).isEqualTo(100.0);
    assertThat(ControllerBench.percentile(List.of(7.0), 99)).isEqualTo(7.0);
    // Ten values: p99 is the largest, p50 the fifth.
    List<Double> ten = List.of(10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0);
    assertThat(ControllerBench.percentile(ten, 50)).isEqualTo(5.0);
    assertThat(ControllerBench.percentile(ten, 99)).isEqualTo(10.0);
    assertThat(ControllerBench.percentile(List.of(), 50)).isNaN();
  }

  @Test
  void aTimeoutThatThePercentileLandsOnIsReportedAsTimeout() {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      values.add(100.0);
    }
    values.add(Double.POSITIVE_INFINITY);
    // 1 of 100 timed out: p99 is still a number, p100 is not.
    assertThat(ControllerBench.number(ControllerBench.percentile(values, 99))).isEqualTo("100");
    assertThat(ControllerBench.number(ControllerBench.percentile(values, 100))).isEqualTo("timeout");
    values.add(Double.POSITIVE_INFINITY);
    // 2 of 101: the p99 rank (100) is a timeout.
    assertThat(ControllerBench.number(ControllerBench.percentile(values, 99))).isEqualTo("timeout");
    assertThat(ControllerBench.number(1234.4)).isEqualTo("1234");
  }

  @Test
  void heapInfoOfTheSerialCollectorIsSummedOverItsGenerations() {
    String serial = String.join("\n",
        "12345:",
        " def new generation   total 9792K, used 1024K [0x00000000e0000000, 0x00000000e0aa0000, 0x00000000eaaa0000)",
        "  eden space 8704K,  11% used [0x00000000e0000000, 0x00000000e0100000, 0x00000000e0880000)",
        " tenured generation   total 21888K, used 20480K [0x00000000eaaa0000, 0x00000000ec000000, 0x0000000100000000)",
        "   the space 21888K,  93% used [0x00000000eaaa0000, 0x00000000ebea0000, 0x00000000ebea0200, 0x00000000ec000000)",
        " Metaspace       used 40960K, committed 41472K, reserved 1089536K",
        "  class space    used 5120K, committed 5376K, reserved 1048576K");
    // 1024 K young + 20480 K tenured = 21504 K; metaspace is not heap.
    assertThat(ControllerBench.usedHeapMb(serial)).hasValue(21.0);
    assertThat(ControllerBench.usedHeapMb(" garbage-first heap   total 262144K, used 2048K [0x0, 0x0)")).hasValue(2.0);
    assertThat(ControllerBench.usedHeapMb("12345:\nAttachNotSupportedException")).isEmpty();
  }

  @Test
  void badFlagsAreOneLineNamingTheFlag(@TempDir Path directory) throws Exception {
    Path jar = Files.createFile(directory.resolve("flinkstack-controller.jar"));
    assertThatThrownBy(() -> ControllerBench.parse(new String[] {"--apps", "many"}, jar))
        .isInstanceOf(ControllerBench.BadInput.class).hasMessageStartingWith("--apps 'many' is not a whole number");
    assertThatThrownBy(() -> ControllerBench.parse(new String[] {"--apps", "10", "--requests", "11"}, jar))
        .hasMessageStartingWith("--requests 11 is out of range");
    assertThatThrownBy(() -> ControllerBench.parse(new String[] {"--interval", "soon"}, jar))
        .hasMessageStartingWith("--interval 'soon' is not a duration");
    assertThatThrownBy(() -> ControllerBench.parse(new String[] {"--apps"}, jar)).hasMessage("--apps needs a value (see --help)");
    assertThatThrownBy(() -> ControllerBench.parse(new String[] {"--nodes", "3"}, jar)).hasMessageStartingWith("unknown argument '--nodes'");
    assertThatThrownBy(() -> ControllerBench.parse(new String[] {}, Path.of("/nonexistent.jar")))
        .hasMessageStartingWith("--controller-jar /nonexistent.jar: no such file");
    ControllerBench.Options options = ControllerBench.parse(new String[] {"--apps=1000", "--timeout", "30 s"}, jar);
    assertThat(options.apps()).isEqualTo(1000);
    assertThat(options.savepointSnapshots()).isFalse();
    assertThat(ControllerBench.parse(new String[] {"--savepoint-snapshots", "--apps", "10"}, jar).savepointSnapshots()).isTrue();
    assertThat(options.requests()).isEqualTo(50);
    assertThat(options.interval()).isEqualTo("10 s");
    assertThat(options.timeout()).hasSeconds(30);
    assertThat(ControllerBench.parse(new String[] {"--apps", "7"}, jar).requests()).isEqualTo(7);
    assertThat(ControllerBench.parse(new String[] {"--help"}, jar)).isNull();
  }

  @Test
  void requestKindsTellListsFromOneApplicationsObjects() {
    assertThat(ControllerBenchApi.kind("GET", "/api/v1/namespaces/bench/configmaps?labelSelector=flinkstack.io%2Fdeclaration"))
        .isEqualTo("list configmaps");
    assertThat(ControllerBenchApi.kind("GET", "/api/v1/namespaces/bench/configmaps/app-00001-status"))
        .isEqualTo("get configmaps (one application)");
    assertThat(ControllerBenchApi.kind("GET",
        "/api/v1/namespaces/bench/pods?labelSelector=app.kubernetes.io%2Fcomponent%3Djobmanager%2Capp.kubernetes.io%2Finstance%3Dapp-00001"))
        .isEqualTo("list pods (one application)");
    assertThat(ControllerBenchApi.kind("GET", "/apis/apps/v1/namespaces/bench/statefulsets/app-00001-jobmanager"))
        .isEqualTo("get statefulsets (one application)");
    assertThat(ControllerBenchApi.kind("PATCH", "/apis/coordination.k8s.io/v1/namespaces/bench/leases/flinkstack-controller"))
        .isEqualTo("patch leases");
    assertThat(ControllerBenchApi.kind("GET", "/api/v1/namespaces/bench/configmaps?labelSelector=x&watch=true")).isEqualTo("watch configmaps");
    assertThat(ControllerBenchApi.kind("GET", "/api/v1/configmaps?watch=1")).isEqualTo("watch configmaps");
    assertThat(ControllerBenchApi.kind("POST", "/api/v1/namespaces/bench/events")).isEqualTo("create events");
    assertThat(ControllerBenchApi.perApplication("get configmaps (one application)")).isTrue();
    assertThat(ControllerBenchApi.perApplication("list configmaps")).isFalse();
  }

  @Test
  void copiesHaveUniqueNamesAndConsistentSelectors() {
    Set<String> keys = new HashSet<>();
    int perApplication = -1;
    for (int i = 0; i < 3; i++) {
      String cluster = ControllerBenchFixture.cluster(i);
      List<HasMetadata> objects = fixture.objects(cluster);
      if (perApplication < 0) {
        perApplication = objects.size();
      }
      assertThat(objects).hasSize(perApplication);
      for (HasMetadata object : objects) {
        assertThat(keys.add(object.getKind() + "/" + object.getMetadata().getName())).as("unique: %s", object.getMetadata().getName()).isTrue();
        assertThat(object.getMetadata().getNamespace()).isEqualTo(ControllerBench.NAMESPACE);
        assertThat(object.getMetadata().getName()).startsWith(cluster);
        assertThat(object.getMetadata().getName()).doesNotContain(ControllerBenchFixture.TEMPLATE);
        assertThat(object.toString()).doesNotContain(ControllerBenchFixture.TEMPLATE);
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels != null && labels.containsKey(Labels.INSTANCE)) {
          assertThat(labels.get(Labels.INSTANCE)).isEqualTo(cluster);
        }
      }
      List<StatefulSet> sets = objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).toList();
      List<Pod> pods = objects.stream().filter(Pod.class::isInstance).map(Pod.class::cast).toList();
      assertThat(sets).extracting(set -> set.getMetadata().getName())
          .containsExactlyInAnyOrder(ClusterNames.jobManager(cluster), ClusterNames.taskManager(cluster));
      int replicas = 0;
      for (StatefulSet set : sets) {
        Map<String, String> selector = set.getSpec().getSelector().getMatchLabels();
        assertThat(selector).containsEntry(Labels.INSTANCE, cluster);
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
        List<Pod> own = pods.stream().filter(pod -> pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
        assertThat(own).hasSize(set.getSpec().getReplicas());
        assertThat(set.getStatus().getReadyReplicas()).isEqualTo(set.getSpec().getReplicas());
        for (Pod pod : own) {
          assertThat(pod.getMetadata().getName()).startsWith(set.getMetadata().getName() + "-");
          assertThat(pod.getMetadata().getLabels()).containsEntry(PodSnapshot.REVISION_LABEL, set.getStatus().getUpdateRevision());
          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
          assertThat(pod.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        }
        replicas += set.getSpec().getReplicas();
      }
      assertThat(pods).hasSize(replicas);
      // What the controller watches or reads, nothing else: the mock's cost per request grows with what it stores.
      assertThat(objects).extracting(HasMetadata::getKind)
          .containsExactlyInAnyOrder("FlinkJob", "ConfigMap", "StatefulSet", "StatefulSet", "Pod", "Pod", "Pod");
      HasMetadata declaration = objects.stream().filter(object -> object.getKind().equals("FlinkJob"))
          .filter(object -> object.getMetadata().getName().equals(ControllerBenchFixture.declaration(cluster))).findFirst().orElseThrow();
      assertThat(declaration.getMetadata().getLabels()).containsEntry(SessionJobs.LABEL_SESSION_CLUSTER, cluster);
      FlinkJob job = new KubernetesSerialization().convertValue(declaration, FlinkJob.class);
      assertThat(job.getSpec().cluster).isEqualTo(cluster);
      assertThat(job.getSpec().savepointTriggerNonce).isEqualTo(ControllerBenchFixture.FIRST_NONCE);
    }
  }

  @Test
  void aClusterNameMustBeUsable() {
    assertThatThrownBy(() -> fixture.objects("Bad_Name")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyClusterHasItsOwnHostAndJob() {
    assertThat(ControllerBenchFlink.jobId("app-00001")).matches("[0-9a-f]{32}").isNotEqualTo(ControllerBenchFlink.jobId("app-00002"));
    assertThat(ControllerBenchFlink.jobId("app-00001")).isEqualTo(ControllerBenchFlink.jobId("app-00001"));
  }
  @Test
  void aMockServerThatDoesNotCloseIsSaidAndDoesNotFailTheRunThatMeasuredEverything() {
    List<String> said = new ArrayList<>();
    io.fabric8.kubernetes.client.server.mock.KubernetesMockServer stuck =
        new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
            new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(), false) {
          @Override
          public void destroy() {
            throw new IllegalStateException("Unable to close MockWebServer");
          }
        };

    ControllerBench.stopMockServer(stuck, said::add);

    assertThat(said).singleElement().asString().contains("did not close cleanly (Unable to close MockWebServer)", "the figures stand");
  }
}
