package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Addresses and what a pod's /etc/hosts resolves, as cluster DNS would. */
class PodNetworkTest {
  private static final Map<String, String> JM = Map.of("component", "jobmanager", "instance", "orders");
  private static final Map<String, String> TM = Map.of("component", "taskmanager", "instance", "orders");

  @Test
  void aPodKeepsItsAddressForItsNameAndNamesDoNotShareOne() {
    PodNetwork network = new PodNetwork(20, 7);
    String jm = network.address("orders-jobmanager-0");
    assertThat(jm).isEqualTo("127.20.7.2");
    assertThat(network.address("orders-taskmanager-0")).isEqualTo("127.20.7.3");
    assertThat(network.address("orders-jobmanager-0")).isEqualTo(jm);
    for (int host = 4; host <= 254; host++) {
      assertThat(network.address("p" + host)).isEqualTo("127.20.7." + host);
    }
    assertThatThrownBy(() -> network.address("one-too-many")).hasMessageContaining("253");
  }

  @Test
  void aRecreatedPodGetsANewAddressUnlessAClusterIpServiceSelectsIt() {
    PodNetwork network = new PodNetwork(20, 7);
    List<Service> services = List.of(service("orders-jobmanager", null, JM), service("orders-taskmanager", "None", TM));
    Pod tm = incarnation("orders-taskmanager-0", "uid-1", TM);
    Pod jm = incarnation("orders-jobmanager-0", "uid-2", JM);
    String tmFirst = network.address(tm, services);
    String jmFirst = network.address(jm, services);
    assertThat(tmFirst).isNotEqualTo(jmFirst);
    assertThat(network.address(tm, services)).as("the same incarnation: a restarted container keeps it").isEqualTo(tmFirst);
    assertThat(network.address("orders-taskmanager-0")).as("by name: the incarnation's").isEqualTo(tmFirst);

    String tmSecond = network.address(incarnation("orders-taskmanager-0", "uid-3", TM), services);
    assertThat(tmSecond).as("recreated: another address, as a cluster's IPAM gives").isNotEqualTo(tmFirst).isNotEqualTo(jmFirst);
    assertThat(network.address("orders-taskmanager-0")).isEqualTo(tmSecond);
    assertThat(network.address(incarnation("orders-jobmanager-0", "uid-4", JM), services))
        .as("behind a ClusterIP Service: the address stands in for the Service's virtual IP").isEqualTo(jmFirst);

    // Round-robin: the first TaskManager's address comes back only once every other free one was handed out.
    List<String> later = new java.util.ArrayList<>();
    for (int i = 0; i < 251; i++) {
      later.add(network.address(incarnation("orders-taskmanager-0", "later-" + i, TM), services));
    }
    assertThat(later.subList(0, 250)).doesNotContain(tmFirst).doesNotContain(jmFirst).doesNotHaveDuplicates();
    assertThat(later.get(250)).isEqualTo(tmFirst);
  }

  @Test
  void hostsResolveServicesTheirPodsAndLocalhostToThePodItself() {
    PodNetwork network = new PodNetwork(20, 7);
    Pod jm0 = pod("orders-jobmanager-0", "orders-jobmanager-headless", JM);
    Pod jm1 = pod("orders-jobmanager-1", "orders-jobmanager-headless", JM);
    Pod tm0 = pod("orders-taskmanager-0", "orders-taskmanager", TM);
    List<Pod> pods = List.of(jm0, jm1, tm0);
    List<Service> services =
        List.of(service("orders-jobmanager", null, JM), service("orders-jobmanager-headless", "None", JM), service("orders-taskmanager", "None", TM),
            service("no-selector", null, null));
    // jm-1 is ready, jm-0 not yet: the ClusterIP name goes to the ready one.
    String hosts = network.hostsFile(tm0, "flink", services, pods, name -> name.equals("orders-jobmanager-1"));
    String jm0Ip = network.address("orders-jobmanager-0");
    String jm1Ip = network.address("orders-jobmanager-1");
    String tm0Ip = network.address("orders-taskmanager-0");
    assertThat(hosts.lines())
        .contains(tm0Ip + "\tlocalhost")
        .contains(tm0Ip + "\torders-taskmanager-0.orders-taskmanager.flink.svc.cluster.local orders-taskmanager-0")
        .contains(jm1Ip + "\torders-jobmanager orders-jobmanager.flink orders-jobmanager.flink.svc orders-jobmanager.flink.svc.cluster.local")
        .contains(jm0Ip + "\torders-jobmanager-headless orders-jobmanager-headless.flink orders-jobmanager-headless.flink.svc "
            + "orders-jobmanager-headless.flink.svc.cluster.local orders-jobmanager-0.orders-jobmanager-headless.flink.svc.cluster.local")
        .contains(jm1Ip + "\torders-jobmanager-headless orders-jobmanager-headless.flink orders-jobmanager-headless.flink.svc "
            + "orders-jobmanager-headless.flink.svc.cluster.local orders-jobmanager-1.orders-jobmanager-headless.flink.svc.cluster.local");
    assertThat(hosts).doesNotContain("127.0.0.1").doesNotContain("no-selector");
    // Nothing ready: the first selected pod.
    assertThat(network.hostsFile(tm0, "flink", services, pods, name -> false)).contains(jm0Ip + "\torders-jobmanager orders-jobmanager.flink ");
  }

  private static Pod pod(String name, String subdomain, Map<String, String> labels) {
    return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withHostname(name).withSubdomain(subdomain).endSpec().build();
  }

  private static Pod incarnation(String name, String uid, Map<String, String> labels) {
    return new PodBuilder().withNewMetadata().withName(name).withUid(uid).withLabels(labels).endMetadata().withNewSpec().endSpec().build();
  }

  private static Service service(String name, String clusterIp, Map<String, String> selector) {
    return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withClusterIP(clusterIp).withSelector(selector).endSpec().build();
  }
}
