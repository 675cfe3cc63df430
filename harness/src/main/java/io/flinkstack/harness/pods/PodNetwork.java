package io.flinkstack.harness.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Addresses and names on this machine's one network: every pod gets its own loopback address in
 * 127.0.0.0/8 (Linux routes the whole block to {@code lo}, so any of them can be bound and reached), and its
 * {@code /etc/hosts} resolves what cluster DNS would.
 *
 * <p>As on a cluster, a pod's address is its own: a container restarted in its pod keeps it, a pod deleted and
 * created again under the same name (a StatefulSet's replacement) gets another, and an address is not handed out
 * again before every other free one was (as an IPAM plugin such as CNI's host-local allocates round-robin). A
 * replaced TaskManager is then a new peer at a new address, not one that answers at the old one (Pekko delivers
 * to an actor path, host and port, so a new process at the old address would receive what was meant for the
 * old one, which no cluster does).
 *
 * <p>Where this differs from a cluster, and why: a ClusterIP Service's name resolves to the address of one
 * selected pod (the lowest-named, ready ones first when asked after start) instead of a virtual IP that
 * kube-proxy forwards, so a pod that a ClusterIP Service selects keeps the address its name had (a recreated
 * {@code orders-jobmanager-0} has the one it had): clients on a cluster reach a Service at a stable address, and
 * here the stable pod address gives them the same, as long as a Service has one backing pod (a JobManager) or any
 * of them will do.
 * Headless Services resolve to every selected pod, and a StatefulSet pod also as
 * {@code <hostname>.<subdomain>.<namespace>.svc.cluster.local}, as the Kubernetes DNS specification says
 * (kubernetes/dns, docs/specification.md, "Records for a Headless Service").
 */
final class PodNetwork {
  static final String CLUSTER_DOMAIN = "cluster.local";
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final int FIRST_HOST = 2;
  private static final int LAST_HOST = 254;

  private final int second;
  private final int third;
  /** The address of each pod (by uid) this network has seen: one per incarnation. */
  private final Map<String, String> byUid = new LinkedHashMap<>();
  /** The address each name has now: that of its latest incarnation, or one kept for it (see {@link #address(String)}). */
  private final Map<String, String> byName = new LinkedHashMap<>();
  /** Names whose address outlives their pods: selected by a ClusterIP Service, or asked for by name. */
  private final java.util.Set<String> stableNames = new java.util.HashSet<>();
  private int nextHost = FIRST_HOST;

  /** A random /24 of 127.0.0.0/8 (not 127.0.0.0/16), so harnesses of concurrent builds do not meet. */
  PodNetwork() {
    this(16 + RANDOM.nextInt(224), RANDOM.nextInt(256));
  }

  PodNetwork(int second, int third) {
    this.second = second;
    this.third = third;
  }

  /**
   * The address of the pod's incarnation now running under {@code podName}; one not seen yet gets an address kept
   * for that name, which its pod then has (the harness' own callers ask for a JobManager's before its pod starts).
   */
  synchronized String address(String podName) {
    String address = byName.get(podName);
    if (address == null) {
      address = allocate();
      byName.put(podName, address);
      stableNames.add(podName);
    }
    return address;
  }

  /**
   * The pod's address: allocated when this incarnation (its uid) is first seen, the same for all of its life. A pod a
   * ClusterIP Service in {@code services} selects then takes the address its name had, if it had one (see above).
   */
  synchronized String address(Pod pod, List<Service> services) {
    String uid = pod.getMetadata().getUid();
    String name = pod.getMetadata().getName();
    if (uid == null) {
      return address(name); // a pod not from an API server (tests): by name
    }
    String known = byUid.get(uid);
    if (known != null) {
      return known;
    }
    boolean behindClusterIp = services.stream().anyMatch(service -> !headless(service) && !selected(service, List.of(pod)).isEmpty());
    String address = (behindClusterIp || stableNames.contains(name)) && byName.containsKey(name) ? byName.get(name) : allocate();
    if (behindClusterIp) {
      stableNames.add(name);
    }
    byUid.put(uid, address);
    byName.put(name, address);
    return address;
  }

  /** The next address round-robin that no name has now. */
  private String allocate() {
    java.util.Set<String> taken = new java.util.HashSet<>(byName.values());
    for (int tried = 0; tried <= LAST_HOST - FIRST_HOST; tried++) {
      String candidate = "127." + second + "." + third + "." + nextHost;
      nextHost = nextHost == LAST_HOST ? FIRST_HOST : nextHost + 1;
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("more than " + (LAST_HOST - FIRST_HOST + 1) + " pods in one harness network");
  }

  /**
   * The pod's {@code /etc/hosts}: localhost, the pod's own names (the kubelet writes these), then the
   * namespace's Services as cluster DNS would answer for them.
   *
   * @param pods the namespace's pods of this harness, in name order
   * @param ready whether a pod is ready (a ClusterIP name prefers a ready pod; headless Services here publish
   *     every pod, as with {@code publishNotReadyAddresses}, so a starting pod can find its peers)
   */
  String hostsFile(Pod pod, String namespace, List<Service> services, List<Pod> pods, java.util.function.Predicate<String> ready) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by flinkstack's pod harness for pod ").append(pod.getMetadata().getName()).append('\n');
    String own = address(pod, services);
    // "localhost" is the pod's own address: in a pod's network namespace a process reaches its own listeners
    // there (Flink's application mode uploads the job to its BlobServer at "localhost"), and here they listen
    // on the pod's address only. The literal 127.0.0.1 stays the host's, where the tests' servers listen.
    out.append(own).append("\tlocalhost\n::1\tip6-localhost ip6-loopback\n");
    String hostname = Optional.ofNullable(pod.getSpec().getHostname()).orElse(pod.getMetadata().getName());
    String subdomain = pod.getSpec().getSubdomain();
    List<String> ownNames = new ArrayList<>();
    if (subdomain != null) {
      ownNames.add(hostname + "." + subdomain + "." + namespace + ".svc." + CLUSTER_DOMAIN);
    }
    ownNames.add(hostname);
    out.append(own).append('\t').append(String.join(" ", ownNames)).append('\n');
    for (Service service : services) {
      List<Pod> selected = selected(service, pods);
      if (selected.isEmpty()) {
        continue;
      }
      String name = service.getMetadata().getName();
      String names = String.join(" ", List.of(name, name + "." + namespace, name + "." + namespace + ".svc", name + "." + namespace + ".svc." + CLUSTER_DOMAIN));
      if (headless(service)) {
        for (Pod member : selected) {
          String address = address(member, services);
          out.append(address).append('\t').append(names);
          if (name.equals(member.getSpec().getSubdomain())) {
            String memberHost = Optional.ofNullable(member.getSpec().getHostname()).orElse(member.getMetadata().getName());
            out.append(' ').append(memberHost).append('.').append(name).append('.').append(namespace).append(".svc.").append(CLUSTER_DOMAIN);
          }
          out.append('\n');
        }
      } else {
        Pod target = selected.stream().filter(p -> ready.test(p.getMetadata().getName())).findFirst().orElse(selected.get(0));
        out.append(address(target, services)).append('\t').append(names).append('\n');
      }
    }
    return out.toString();
  }

  static boolean headless(Service service) {
    return "None".equals(service.getSpec().getClusterIP());
  }

  /** The pods a Service's selector matches (no selector: none, as Kubernetes makes no endpoints for it). */
  static List<Pod> selected(Service service, List<Pod> pods) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    return pods.stream()
        .filter(pod -> pod.getMetadata().getLabels() != null && pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
  }
}
