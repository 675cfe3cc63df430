package io.flinkstack.constructs.runtimecontroller;

import java.util.List;
import java.util.SortedMap;

/**
 * A validated {@code RuntimeController}: every default applied, every name checked. The objects are built
 * from this alone.
 *
 * @param watchNamespaces the namespaces the controller watches, never empty (the controller's own when none were given)
 * @param reconcileInterval null: the controller's own default
 * @param jarHosts the hosts jars may be downloaded from, lower case; empty: any
 * @param savepointSnapshots whether the controller lists its own savepoints as FlinkSnapshots
 * @param memory Kubernetes quantity, the container's request and limit
 * @param cpu Kubernetes quantity, the container's request
 * @param labels the user's extra labels, sorted
 */
public record RuntimeControllerSpec(
    String name,
    String namespace,
    String image,
    String imagePullPolicy,
    List<String> watchNamespaces,
    int replicas,
    String leaseName,
    String reconcileInterval,
    List<String> jarHosts,
    boolean savepointSnapshots,

    String memory,
    String cpu,
    SortedMap<String, String> labels) {}
