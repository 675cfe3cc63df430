package io.flinkstack.constructs;

import io.flinkstack.constructs.manifests.PeerNamespaces;
import io.flinkstack.constructs.validation.Problems;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
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
  private record Watcher(String namespace, List<String> watched, String path) {
    boolean watches(String clusterNamespace) {
      // A chart without a namespace goes wherever kubectl points: only a controller watching everything sees it.
      return watched.isEmpty() || clusterNamespace != null && watched.contains(clusterNamespace);
    }
  }

  /** A cluster in the app and the namespaces its NetworkPolicy admits, with whether they were defaulted. */
  private record Member(String namespace, boolean operatorBackend, PeerNamespaces admitted, boolean controllerDefaulted,
      boolean operatorDefaulted, String path) {}

  private final List<Watcher> runtimeControllers = new ArrayList<>();
  private final List<Watcher> operators = new ArrayList<>();
  private final List<Member> clusters = new ArrayList<>();

  static AppPeers of(Construct scope) {
    return BY_ROOT.computeIfAbsent(scope.getNode().getRoot(), r -> new AppPeers());
  }

  /** The chart namespace objects under {@code scope} get; null when the chart names none. */
  static String namespaceOf(Construct scope) {
    return Chart.of(scope).getNamespace();
  }

  /**
   * The namespaces a cluster about to be built admits: those its properties set, else those of the first controller
   * declared so far that watches {@code namespace}, else the properties' defaults.
   */
  synchronized PeerNamespaces admittedBy(String namespace, ClusterProps props) {
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

  /** Records a cluster once it is built. */
  synchronized void addCluster(String namespace, ClusterProps props, PeerNamespaces admitted, String path) {
    clusters.add(new Member(namespace, props.getBackend() == Backend.OPERATOR, admitted,
        !props.runtimeControllerNamespaceSet, !props.operatorNamespaceSet, path));
  }

  /**
   * Checks the clusters declared before a runtime controller: one it watches that admits another namespace by
   * default would lock it out of REST.
   *
   * @throws io.flinkstack.constructs.validation.ValidationException naming every such cluster
   */
  synchronized void addRuntimeController(String namespace, List<String> watched, Supplier<String> path) {
    Watcher w = new Watcher(namespace, List.copyOf(watched), null);
    Problems problems = new Problems(path);
    for (Member c : clusters) {
      if (!c.operatorBackend() && c.controllerDefaulted() && w.watches(c.namespace())
          && !Objects.equals(c.admitted().runtimeController(), namespace)) {
        problems.add("namespace", lockedOut("RuntimeController", namespace, c, c.admitted().runtimeController(),
            "runtimeControllerNamespace"));
      }
    }
    problems.throwIfAny();
    runtimeControllers.add(w);
  }

  /** The same for an Apache operator install and the operator-backend clusters it watches. */
  synchronized void addOperator(String namespace, List<String> watched, Supplier<String> path) {
    Watcher w = new Watcher(namespace, List.copyOf(watched), null);
    Problems problems = new Problems(path);
    for (Member c : clusters) {
      if (c.operatorBackend() && c.operatorDefaulted() && w.watches(c.namespace())
          && !Objects.equals(c.admitted().operator(), namespace)) {
        problems.add("namespace", lockedOut("FlinkOperatorInstall", namespace, c, c.admitted().operator(),
            "operatorNamespace"));
      }
    }
    problems.throwIfAny();
    operators.add(w);
  }

  private static String lockedOut(String kind, String namespace, Member c, String admitted, String field) {
    return String.format("cluster %s, declared before this %s, admits its controller to REST only from namespace %s"
        + " (%s's default), so the NetworkPolicy would lock this one (namespace %s) out; declare the %s before the"
        + " cluster, so that the cluster admits it by default, or set %s(\"%s\") on the cluster", c.path(), kind,
        admitted, field, namespace, kind, field, namespace);
  }
}
