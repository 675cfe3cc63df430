package io.flinkstack.constructs;

import io.flinkstack.constructs.manifests.ClusterSpec;
import io.flinkstack.constructs.manifests.PeerNamespaces;
import io.flinkstack.constructs.validation.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.cdk8s.Chart;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The controllers an app declares ({@link RuntimeController}, {@link FlinkOperatorInstall}) and its clusters, so a
 * cluster admits the controller that watches it without being told, and a controller declared after a cluster that
 * admits another namespace is an error rather than a job nobody can upgrade.
 *
 * <p>Kept on the Java side, keyed by the app's root construct: walking the construct tree would cost a JSII round
 * trip per construct for every cluster.
 */
final class AppPeers {
  private static final Map<IConstruct, AppPeers> BY_ROOT = Collections.synchronizedMap(new WeakHashMap<>());

  /** A controller in the app: where it runs and which namespaces it acts in (empty: all). */
  private record Watcher(String namespace, List<String> watched) {
    boolean watches(String clusterNamespace) {
      // A chart without a namespace goes wherever kubectl points: only a controller watching everything sees it.
      return watched.isEmpty() || clusterNamespace != null && watched.contains(clusterNamespace);
    }
  }

  /**
   * A cluster in the app.
   *
   * @param controllerByDefault the runtime controller's namespace its NetworkPolicy admits by default; null when it
   *     does not concern a later RuntimeController (set explicitly, or the operator backend)
   * @param operatorByDefault the same for the Apache operator (null: set explicitly, or the standalone backend)
   */
  private record Member(String namespace, String controllerByDefault, String operatorByDefault,
      Supplier<String> path) {}

  /**
   * A cluster about to be built: its app's peers, its chart's namespace and what its NetworkPolicy admits, looked up
   * once (each is a JSII round trip, which dominate synthesis time).
   */
  record Admission(AppPeers peers, String namespace, ClusterProps props, PeerNamespaces admitted) {
    /** Records the cluster once it is built; {@code path} is asked for only in a message. */
    void joined(ClusterSpec spec, Supplier<String> path) {
      peers.addCluster(namespace, props, admitted, path);
      if (declaresFlinkJob(spec)) {
        peers.claimFlinkJob(namespace, spec.name(), applicationOwner(spec, path));
      }
    }

    /**
     * Checks that the name of an application cluster's FlinkJob (the cluster's name) is free in its namespace; it is
     * taken once the cluster is built ({@link #joined}).
     *
     * @throws io.flinkstack.constructs.validation.ValidationException when a session job's FlinkJob has that name
     */
    ClusterSpec checkFlinkJobName(ClusterSpec spec, Supplier<String> path) {
      if (!declaresFlinkJob(spec)) {
        return spec;
      }
      Problems problems = new Problems(path);
      FlinkJobOwner other = peers.flinkJobOwner(namespace, spec.name());
      if (other != null) {
        problems.add("name", String.format("'%s' is already the name of the FlinkJob of %s in %s; an application"
            + " cluster's FlinkJob is named after the cluster, and FlinkJob names are unique per namespace: give"
            + " the cluster or that job another name, or put them in different namespaces", spec.name(),
            other.describe(), namespaceText(namespace)));
      }
      problems.throwIfAny();
      return spec;
    }

    /** A session cluster's jobs declare their own FlinkJobs; the operator backend writes none. */
    private static boolean declaresFlinkJob(ClusterSpec spec) {
      return !spec.session() && spec.props().getBackend() != Backend.OPERATOR;
    }

    private static FlinkJobOwner applicationOwner(ClusterSpec spec, Supplier<String> path) {
      return new FlinkJobOwner("application cluster '" + spec.name() + "'", null, path);
    }
  }

  /**
   * What declared a FlinkJob of the app, for a message about a name taken twice.
   *
   * @param sessionCluster the session cluster of a session job; null for an application cluster
   */
  record FlinkJobOwner(String what, String sessionCluster, Supplier<String> path) {
    String describe() {
      return what + " (" + path.get() + ")";
    }
  }

  /** A namespace as a message names it. */
  static String namespaceText(String namespace) {
    return "namespace " + namespace;
  }

  private final List<Watcher> runtimeControllers = new ArrayList<>();
  private final List<Watcher> operators = new ArrayList<>();
  private final List<Member> clusters = new ArrayList<>();
  /** The FlinkJobs declared so far in charts with a namespace, by namespace and name. */
  private final Map<String, Map<String, FlinkJobOwner>> flinkJobs = new HashMap<>();

  static AppPeers of(Construct scope) {
    return BY_ROOT.computeIfAbsent(scope.getNode().getRoot(), r -> new AppPeers());
  }

  /** What a cluster about to be built under {@code scope} admits (see {@link #admittedBy}). */
  static Admission admit(Construct scope, ClusterProps props) {
    AppPeers peers = of(scope);
    // The chart's namespace, which objects under scope get; null when the chart names none.
    String namespace = Chart.of(scope).getNamespace();
    return new Admission(peers, namespace, props, peers.admittedBy(namespace, props));
  }

  /**
   * The namespaces a cluster about to be built admits: those its properties set, else those of the first controller
   * declared so far that watches {@code namespace}, else the properties' defaults.
   */
  private synchronized PeerNamespaces admittedBy(String namespace, ClusterProps props) {
    String controller = props.getRuntimeControllerNamespace();
    if (!props.runtimeControllerNamespaceSet) {
      controller = first(runtimeControllers, namespace, controller);
    }
    String operator = props.getOperatorNamespace();
    if (!props.operatorNamespaceSet) {
      operator = first(operators, namespace, operator);
    }
    return new PeerNamespaces(controller, operator);
  }

  private static String first(List<Watcher> watchers, String namespace, String otherwise) {
    return watchers.stream().filter(w -> w.watches(namespace)).map(Watcher::namespace).findFirst().orElse(otherwise);
  }

  /**
   * Records that {@code owner} declares the FlinkJob {@code name} in {@code namespace}, unless another already does.
   *
   * @return the other owner of that name, or null when the name was free (and is now taken)
   */
  synchronized FlinkJobOwner claimFlinkJob(String namespace, String name, FlinkJobOwner owner) {
    if (namespace == null) {
      return null; // a chart without a namespace goes wherever kubectl points: nothing to compare it with
    }
    Map<String, FlinkJobOwner> names = flinkJobs.computeIfAbsent(namespace, n -> new HashMap<>());
    FlinkJobOwner other = names.get(name);
    if (other == null) {
      names.put(name, owner);
    }
    return other;
  }

  /** What declares the FlinkJob {@code name} in {@code namespace}; null when nothing does (or no namespace is set). */
  synchronized FlinkJobOwner flinkJobOwner(String namespace, String name) {
    Map<String, FlinkJobOwner> names = namespace == null ? null : flinkJobs.get(namespace);
    return names == null ? null : names.get(name);
  }

  /** Frees a name claimed by a session job that then failed its own checks. */
  synchronized void releaseFlinkJob(String namespace, String name, FlinkJobOwner owner) {
    Map<String, FlinkJobOwner> names = flinkJobs.get(namespace);
    if (names != null) {
      names.remove(name, owner);
    }
  }

  /** Records a cluster once it is built. */
  private synchronized void addCluster(String namespace, ClusterProps props, PeerNamespaces admitted,
      Supplier<String> path) {
    boolean operator = props.getBackend() == Backend.OPERATOR;
    clusters.add(new Member(namespace,
        !operator && !props.runtimeControllerNamespaceSet ? admitted.runtimeController() : null,
        operator && !props.operatorNamespaceSet ? admitted.operator() : null, path));
  }

  /**
   * Checks the clusters declared before a runtime controller: one it watches that admits another namespace by
   * default would lock it out of REST.
   *
   * @throws io.flinkstack.constructs.validation.ValidationException naming every such cluster
   */
  synchronized void addRuntimeController(String namespace, List<String> watched, Supplier<String> path) {
    add(runtimeControllers, new Watcher(namespace, List.copyOf(watched)), Member::controllerByDefault,
        "RuntimeController", "runtimeControllerNamespace", path);
  }

  /** The same for an Apache operator install and the operator-backend clusters it watches. */
  synchronized void addOperator(String namespace, List<String> watched, Supplier<String> path) {
    add(operators, new Watcher(namespace, List.copyOf(watched)), Member::operatorByDefault, "FlinkOperatorInstall",
        "operatorNamespace", path);
  }

  private void add(List<Watcher> watchers, Watcher w, Function<Member, String> byDefault, String kind, String field,
      Supplier<String> path) {
    Problems problems = new Problems(path);
    for (Member c : clusters) {
      String admitted = byDefault.apply(c);
      if (admitted != null && w.watches(c.namespace()) && !admitted.equals(w.namespace())) {
        problems.add("namespace", lockedOut(kind, w.namespace(), c, admitted, field));
      }
    }
    problems.throwIfAny();
    watchers.add(w);
  }

  private static String lockedOut(String kind, String namespace, Member c, String admitted, String field) {
    return String.format("cluster %s, declared before this %s, admits its controller to REST only from namespace %s"
        + " (%s's default), so the NetworkPolicy would lock this one (namespace %s) out; declare the %s before the"
        + " cluster, so that the cluster admits it by default, or set %s(\"%s\") on the cluster", c.path().get(), kind,
        admitted, field, namespace, kind, field, namespace);
  }
}
