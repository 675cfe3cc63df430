package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkPorts;
import io.flinkstack.contract.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Defaults that keep a cluster contained: writable paths on emptyDirs (the root file system is read-only),
 * a disruption budget so drains take TaskManagers one at a time, and a NetworkPolicy that admits Flink's
 * internal traffic only from the cluster's own pods and REST/metrics only from the configured peers.
 */
final class SecurityFeature implements ClusterFeature {
  static final String TMP_VOLUME = "tmp";
  static final String LOG_VOLUME = "log";

  static final SecurityFeature INSTANCE = new SecurityFeature();

  private SecurityFeature() {}

  @Override
  public void apply(ClusterModel m) {
    m.bothPods(p -> {
      p.volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
      p.volumes.add(new VolumeBuilder().withName(LOG_VOLUME).withNewEmptyDir().endEmptyDir().build());
      p.volumeMounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
      p.volumeMounts.add(new VolumeMountBuilder().withName(LOG_VOLUME).withMountPath("/opt/flink/log").build());
    });
    // Flink writes temporary files (blobs, spills, RocksDB when no volume) to io.tmp.dirs: keep them on the emptyDir.
    m.config.put("io.tmp.dirs", "/tmp");

    m.policies.add(disruptionBudget(m.spec, ClusterNames.taskManager(m.spec.name()), Labels.COMPONENT_TASKMANAGER));

    if (m.spec.props().isNetworkPolicy()) {
      m.policies.add(networkPolicy(m.spec));
    }
  }

  /**
   * At most one of the component's pods evicted at a time. An unready pod may always be evicted
   * ({@code unhealthyPodEvictionPolicy: AlwaysAllow}, stable since Kubernetes 1.31): with the default
   * ({@code IfHealthyBudget}) a node drain waits for good on a crash-looping pod, or on pods the runtime controller has
   * not marked verified (their readiness gate: an upgrade's new pods, or every pod while no controller runs), since an
   * unready pod counts against the budget. Evicted, such a pod is recreated by its StatefulSet (behind the gate, at its
   * set's current revision unless an upgrade has opened it), and the job restarts as after any lost pod.
   */
  static io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget disruptionBudget(ClusterSpec spec, String name, String component) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(ClusterLabels.meta(spec, name, component))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .withNewSelector().withMatchLabels(ClusterLabels.selector(spec, component)).endSelector()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy networkPolicy(ClusterSpec spec) {
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    // rpc, blob and the data exchange (random ports) between the cluster's own pods.
    rules.add(new NetworkPolicyIngressRuleBuilder()
        .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(selector(spec)).build())
        .build());
    List<NetworkPolicyPeer> restPeers = new ArrayList<>(peers(spec.props().getRestAccess()));
    boolean operator = spec.props().getBackend() == io.flinkstack.constructs.Backend.OPERATOR;
    String controller = spec.peers().runtimeController();
    if (controller != null && !operator) {
      // The runtime controller works through REST (savepoints, stop, rescale): its pods, in its namespace.
      restPeers.add(podsIn(controller, Map.of(Labels.NAME, Labels.NAME_CONTROLLER)));
    }
    String operatorNamespace = spec.peers().operator();
    if (operatorNamespace != null && operator) {
      // The Apache operator observes the job, takes savepoints and upgrades through REST.
      restPeers.add(podsIn(operatorNamespace, Map.of(Labels.NAME, OPERATOR_NAME)));
    }
    String ingressController = spec.props().getIngressControllerNamespace();
    if (ingressController != null && spec.props().getRestIngress() != null) {
      // The Ingress controller proxies from its own pods; which of them depends on the controller, so the namespace.
      restPeers.add(podsIn(ingressController, null));
    }
    addPortRule(rules, FlinkPorts.REST, restPeers);
    if (spec.props().isPrometheus()) {
      List<NetworkPolicyPeer> metricsPeers = new ArrayList<>(peers(spec.props().getMetricsAccess()));
      String prometheus = spec.props().getPrometheusNamespace();
      if (prometheus != null) {
        metricsPeers.add(podsIn(prometheus, null));
      }
      addPortRule(rules, MetricsFeature.PORT, metricsPeers);
    }
    return new NetworkPolicyBuilder()
        .withMetadata(ClusterLabels.meta(spec, spec.name(), null))
        .withNewSpec()
        .withPodSelector(selector(spec))
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /** Set by the API server on every namespace (Kubernetes 1.22+): selects one namespace by name. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** The operator's pods' name label, the same in FlinkOperatorInstall and in the operator's Helm chart. */
  static final String OPERATOR_NAME = io.flinkstack.constructs.operatorinstall.OperatorNames.DEPLOYMENT;

  /**
   * A rule admitting {@code peers} to {@code port}; none when there are no peers: a rule whose {@code from} is empty
   * or left out (the JSON leaves empty lists out) admits every source, the opposite of "nobody".
   */
  private static void addPortRule(List<NetworkPolicyIngressRule> rules, int port, List<NetworkPolicyPeer> peers) {
    if (peers.isEmpty()) {
      return;
    }
    rules.add(new NetworkPolicyIngressRuleBuilder()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).endPort()
        .withFrom(peers)
        .build());
  }

  /** Pods with {@code podLabels} (every pod when null) in the namespace named {@code namespace}. */
  private static NetworkPolicyPeer podsIn(String namespace, Map<String, String> podLabels) {
    NetworkPolicyPeerBuilder peer = new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, namespace)).build());
    if (podLabels != null) {
      peer.withPodSelector(new LabelSelectorBuilder().withMatchLabels(podLabels).build());
    }
    return peer.build();
  }

  private static List<NetworkPolicyPeer> peers(List<NetworkAccess> access) {
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    for (NetworkAccess a : access) {
      NetworkPolicyPeerBuilder peer = new NetworkPolicyPeerBuilder();
      if (a.getCidr() != null) {
        peer.withNewIpBlock().withCidr(a.getCidr()).endIpBlock();
      }
      if (a.getNamespaceLabels() != null) {
        peer.withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(
            a.getNamespaceLabels().isEmpty() ? null : a.getNamespaceLabels()).build());
      }
      if (a.getPodLabels() != null) {
        peer.withPodSelector(new LabelSelectorBuilder().withMatchLabels(
            a.getPodLabels().isEmpty() ? null : a.getPodLabels()).build());
      }
      peers.add(peer.build());
    }
    return peers;
  }

  private static LabelSelector selector(ClusterSpec spec) {
    return new LabelSelectorBuilder().withMatchLabels(ClusterLabels.selector(spec, null)).build();
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    ClusterProps props = in.props();
    checkNoSecretsInConfiguration(props.getFlinkConfiguration(), problems);
    checkAccess(props.getRestAccess(), "restAccess", problems);
    checkAccess(props.getMetricsAccess(), "metricsAccess", problems);
    String controller = props.getRuntimeControllerNamespace();
    problems.check(controller == null || Names.isDns1123Label(controller), "runtimeControllerNamespace",
        String.format("'%s' is not a namespace name; give the RuntimeController's namespace (default"
            + " flinkstack-system), or null if no runtime controller manages this cluster", controller));
    checkPeerNamespace(props.getOperatorNamespace(), "operatorNamespace", "the Apache operator's namespace"
        + " (default flink-operator)", problems);
  }

  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(password|passwd|token|secret|credential).*|.*(^|\\.)access[-.]key.*|.*account\\.key.*");

  private static final Pattern CIDR_V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  private static final Pattern CIDR_V6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*/(\\d{1,3})");

  static void checkNoSecretsInConfiguration(Map<String, String> config, Problems problems) {
    for (String key : config.keySet()) {
      if (key != null && SECRET_KEY.matcher(key).matches()) {
        problems.add("flinkConfiguration." + key, "looks like a secret, and the configuration is a plain ConfigMap anyone"
            + " with read access sees; keep it in a Kubernetes Secret: StateStorage credentials"
            + " (StorageCredentials.s3/gcs/azure) or an env var from a secretKeyRef in podTemplate");
      }
    }
  }

  private static void checkAccess(List<NetworkAccess> access, String field, Problems problems) {
    for (int i = 0; i < access.size(); i++) {
      NetworkAccess a = access.get(i);
      if (a == null) {
        problems.add(field + "[" + i + "]", "is null; remove it");
      } else if (a.getCidr() != null) {
        problems.check(validCidr(a.getCidr()), field + "[" + i + "]",
            String.format("'%s' is not a CIDR block; e.g. 10.0.0.0/8", a.getCidr()));
      }
    }
  }

  static boolean validCidr(String cidr) {
    java.util.regex.Matcher v4 = CIDR_V4.matcher(cidr);
    if (v4.matches()) {
      for (int g = 1; g <= 4; g++) {
        if (Integer.parseInt(v4.group(g)) > 255) {
          return false;
        }
      }
      return Integer.parseInt(v4.group(5)) <= 32;
    }
    java.util.regex.Matcher v6 = CIDR_V6.matcher(cidr);
    return v6.matches() && Integer.parseInt(v6.group(1)) <= 128;
  }

  static void checkPeerNamespace(String ns, String field, String what, Problems problems) {
    problems.check(ns == null || Names.isDns1123Label(ns), field, String.format("'%s' is not a namespace name; give"
        + " %s, or null to admit none", ns, what));
  }
}
