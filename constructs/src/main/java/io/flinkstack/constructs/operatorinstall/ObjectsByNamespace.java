package io.flinkstack.constructs.operatorinstall;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.synth.ManifestJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * The install's objects grouped by namespace, each group in the order its objects were added. cdk8s names
 * an object {@code Kind-name} within its construct, so the {@code flink} ServiceAccount of two namespaces
 * must be handed over in different constructs: one per namespace.
 */
public final class ObjectsByNamespace {
  /** The group of cluster-scoped objects. */
  public static final String CLUSTER = "";

  private final Map<String, List<HasMetadata>> groups = new LinkedHashMap<>();

  /** Adds an object to its namespace's group ({@link #CLUSTER} for cluster-scoped ones). */
  public void add(String namespace, HasMetadata object) {
    groups.computeIfAbsent(namespace, n -> new ArrayList<>()).add(object);
  }

  /** The objects of one namespace ({@link #CLUSTER} for cluster-scoped ones); empty if it has none. */
  public List<HasMetadata> in(String namespace) {
    return List.copyOf(groups.getOrDefault(namespace, List.of()));
  }

  /** The namespaces (and {@link #CLUSTER}) that have objects, in the order their first object was added. */
  public List<String> namespaces() {
    return List.copyOf(groups.keySet());
  }

  /** The namespaces with objects other than {@code home} (and not {@link #CLUSTER}), in the order of {@link #namespaces()}. */
  public List<String> otherThan(String home) {
    return groups.keySet().stream().filter(n -> !n.equals(CLUSTER) && !n.equals(home)).toList();
  }

  /**
   * Hands each namespace other than {@code home} over as a construct of its own under {@code parent} (one
   * JSII call each): cdk8s names objects {@code Kind-name} per construct, so same-named objects of two
   * namespaces cannot share one.
   */
  public void addOtherNamespaces(Construct parent, String home) {
    for (String namespace : otherThan(home)) {
      new ManifestObjects(parent, namespace, ManifestJson.write(in(namespace)));
    }
  }

  /** Every object, group by group. */
  public List<HasMetadata> all() {
    return groups.values().stream().flatMap(List::stream).toList();
  }
}
