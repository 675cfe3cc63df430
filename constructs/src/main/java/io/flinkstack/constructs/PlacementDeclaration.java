package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.Toleration;
import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;
import java.util.List;
import java.util.Map;

/** Where Flink pods may run and how TaskManagers spread out. */
@Props(name = "Placement")
final class PlacementDeclaration {
  /** Node labels every Flink pod requires. */
  @Prop(sorted = true)
  Map<String, String> nodeSelector = Map.of();

  /** Taints Flink pods tolerate, e.g. of a dedicated node pool. */
  List<Toleration> tolerations = List.of();

  /** Prefer TaskManagers on different nodes, so one node loss costs one TaskManager (default true). */
  boolean spreadTaskManagers = true;

  /** Spread TaskManagers evenly across zones (topology spread, best effort; default false). */
  boolean spreadAcrossZones;

  /** PriorityClass of every Flink pod. */
  String priorityClassName;

  /** TaskManagers preferably on different nodes; nothing else constrained. */
  static Placement defaults() {
    return Placement.builder().build();
  }
}
