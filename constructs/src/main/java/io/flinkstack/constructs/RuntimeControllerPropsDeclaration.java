package io.flinkstack.constructs;

import io.flinkstack.contract.ControllerRuntime;
import io.flinkstack.contract.Labels;
import io.flinkstack.props.Props;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link RuntimeController} needs: flinkstack's runtime controller (upgrades, savepoints, session jobs)
 * as a Deployment with the CRDs it reads, its RBAC and metrics Service. Immutable; build it with {@code builder()} or through {@link
 * RuntimeController.Builder}. Nothing is checked here: {@link RuntimeController} validates all properties at once
 * and reports every problem.
 */
@Props
final class RuntimeControllerPropsDeclaration {
  public static final String DEFAULT_NAME = "flinkstack-controller";
  public static final String DEFAULT_NAMESPACE = Labels.CONTROLLER_NAMESPACE;
  public static final int DEFAULT_REPLICAS = 2;
  /** Memory request and limit, and CPU request (no CPU limit: leader election must not be throttled). */
  public static final Resources DEFAULT_RESOURCES = Resources.of("512Mi", 0.25);

  /**
   * Base name of every object: Deployment, ServiceAccount, Roles….
   *
   * @default {@code flinkstack-controller}
   */
  String name = DEFAULT_NAME;

  /** The controller image (required; flinkstack builds none), e.g. {@code registry.example.com/flinkstack-controller:0.1.0}. */
  String image;

  /**
   * Pull policy of the controller container.
   *
   * @default {@code IF_NOT_PRESENT}
   */
  ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;

  /**
   * The controller's own namespace; it must exist before the manifest is applied.
   *
   * @default {@code flinkstack-system}
   */
  String namespace = DEFAULT_NAMESPACE;

  /**
   * Namespaces whose Flink clusters (their {@code FlinkJob}s) the controller manages: a Role per namespace and a
   * {@code --namespace} flag each; nothing cluster-wide. There is no all-namespaces mode.
   *
   * @default the controller's own {@link #namespace}
   */
  List<String> watchNamespaces = List.of();

  /**
   * Controller pods: one leader, the others standbys, on different nodes when possible.
   *
   * @default 2
   */
  Integer replicas = DEFAULT_REPLICAS;

  /**
   * The leader-election Lease in the controller's namespace.
   *
   * @default {@code flinkstack-controller}
   */
  String leaseName = ControllerRuntime.DEFAULT_LEASE_NAME;

  /**
   * Time between reconcile passes, a Flink duration such as {@code 10 s}.
   *
   * @default the controller's own
   */
  String reconcileInterval;

  /**
   * The hosts the controller may download session job jars from: host names such as {@code artifacts.example.com},
   * or {@code *.example.com} for any host under {@code example.com} (not {@code example.com} itself). A jar
   * elsewhere, or a redirect to a host not listed, is refused. Each becomes a {@code --jar-host} flag.
   *
   * @default empty: any host (a declaration without {@code jarSha256} still gets a {@code JarDigestMissing} warning)
   */
  List<String> jarHosts = List.of();

  /**
   * Also list the savepoints the controller takes itself (periodic, nonce, upgrade, suspend, rescale) as
   * {@code FlinkSnapshot}s, one per savepoint in a FlinkJob's history, deleted when the history disposes it, as the
   * Apache operator lists its own as {@code FlinkStateSnapshot}s. Costs the API server a create and a status write per
   * savepoint; becomes the {@code --savepoint-snapshots} flag.
   *
   * @default false: they are listed in the FlinkJob's {@code status.savepointHistory} only
   */
  Boolean savepointSnapshots = false;

  /**
   * Memory (request and limit) and CPU (request) of the controller container.
   *
   * @default 512Mi, 0.25
   */
  Resources resources = DEFAULT_RESOURCES;

  /**
   * Extra labels on every object and the pods (not in selectors).
   *
   * @default none
   */
  Map<String, String> labels = Map.of();
}
