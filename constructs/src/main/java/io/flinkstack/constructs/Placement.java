package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Where Flink pods may run and how TaskManagers spread out. */
public final class Placement {
  private final Map<String, String> nodeSelector;
  private final List<Toleration> tolerations;
  private final boolean spreadTaskManagers;
  private final boolean spreadAcrossZones;
  private final String priorityClassName;

  private Placement(Builder b) {
    nodeSelector = b.nodeSelector == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.nodeSelector));
    tolerations = b.tolerations == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(b.tolerations));
    spreadTaskManagers = b.spreadTaskManagers;
    spreadAcrossZones = b.spreadAcrossZones;
    priorityClassName = b.priorityClassName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** TaskManagers preferably on different nodes; nothing else constrained. */
  public static Placement defaults() {
    return builder().build();
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public boolean isSpreadTaskManagers() {
    return spreadTaskManagers;
  }

  public boolean isSpreadAcrossZones() {
    return spreadAcrossZones;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  /** Builder of {@link Placement}. */
  public static final class Builder {
    private Map<String, String> nodeSelector = Map.of();
    private List<Toleration> tolerations = List.of();
    private boolean spreadTaskManagers = true;
    private boolean spreadAcrossZones;
    private String priorityClassName;

    private Builder() {}

    /** Node labels every Flink pod requires. */
    public Builder nodeSelector(Map<String, String> nodeSelector) {
      this.nodeSelector = nodeSelector;
      return this;
    }

    /** Taints Flink pods tolerate, e.g. of a dedicated node pool. */
    public Builder tolerations(List<Toleration> tolerations) {
      this.tolerations = tolerations;
      return this;
    }

    /** Prefer TaskManagers on different nodes, so one node loss costs one TaskManager (default true). */
    public Builder spreadTaskManagers(boolean spreadTaskManagers) {
      this.spreadTaskManagers = spreadTaskManagers;
      return this;
    }

    /** Spread TaskManagers evenly across zones (topology spread, best effort; default false). */
    public Builder spreadAcrossZones(boolean spreadAcrossZones) {
      this.spreadAcrossZones = spreadAcrossZones;
      return this;
    }

    /** PriorityClass of every Flink pod. */
    public Builder priorityClassName(String priorityClassName) {
      this.priorityClassName = priorityClassName;
      return this;
    }

    public Placement build() {
      return new Placement(this);
    }
  }
}
