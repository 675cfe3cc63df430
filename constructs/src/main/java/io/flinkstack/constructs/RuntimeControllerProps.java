package io.flinkstack.constructs;

import io.flinkstack.contract.ControllerRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link RuntimeController} needs: flinkstack's runtime controller (upgrades, savepoints,
 * session jobs) as a Deployment with its RBAC and metrics Service. Immutable; build it with {@link
 * #builder()} or through {@link RuntimeController.Builder}. Nothing is checked here: {@link RuntimeController}
 * validates all properties at once and reports every problem.
 */
public final class RuntimeControllerProps {
  public static final String DEFAULT_NAME = "flinkstack-controller";
  public static final String DEFAULT_NAMESPACE = io.flinkstack.contract.Labels.CONTROLLER_NAMESPACE;
  public static final int DEFAULT_REPLICAS = 2;
  /** Memory request and limit, and CPU request (no CPU limit: leader election must not be throttled). */
  public static final Resources DEFAULT_RESOURCES = Resources.of("512Mi", 0.25);

  private final String name;
  private final String image;
  private final ImagePullPolicy imagePullPolicy;
  private final String namespace;
  private final List<String> watchNamespaces;
  private final Integer replicas;
  private final String leaseName;
  private final String reconcileInterval;
  private final Resources resources;
  private final Map<String, String> labels;

  RuntimeControllerProps(BuilderBase<?> b) {
    name = b.name;
    image = b.image;
    imagePullPolicy = b.imagePullPolicy;
    namespace = b.namespace;
    // Nulls are kept: validation names them instead of failing here.
    watchNamespaces = b.watchNamespaces == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(b.watchNamespaces));
    replicas = b.replicas;
    leaseName = b.leaseName;
    reconcileInterval = b.reconcileInterval;
    resources = b.resources;
    labels = b.labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Base name of every object (default {@code flinkstack-controller}). */
  public String getName() {
    return name;
  }

  public String getImage() {
    return image;
  }

  public ImagePullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  /** The controller's own namespace (it must exist). */
  public String getNamespace() {
    return namespace;
  }

  /** Empty: every namespace, with a ClusterRole. */
  public List<String> getWatchNamespaces() {
    return watchNamespaces;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public String getLeaseName() {
    return leaseName;
  }

  /** Null: the controller's own default. */
  public String getReconcileInterval() {
    return reconcileInterval;
  }

  public Resources getResources() {
    return resources;
  }

  /** Extra labels on every object and the pods (not in selectors). */
  public Map<String, String> getLabels() {
    return labels;
  }

  /**
   * The properties and their defaults, shared by {@link Builder} and {@link RuntimeController.Builder}.
   *
   * @param <B> the concrete builder, returned by every setter
   */
  public abstract static class BuilderBase<B extends BuilderBase<B>> {
    private String name = DEFAULT_NAME;
    private String image;
    private ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;
    private String namespace = DEFAULT_NAMESPACE;
    private List<String> watchNamespaces = List.of();
    private Integer replicas = DEFAULT_REPLICAS;
    private String leaseName = ControllerRuntime.DEFAULT_LEASE_NAME;
    private String reconcileInterval;
    private Resources resources = DEFAULT_RESOURCES;
    private Map<String, String> labels = Map.of();

    protected BuilderBase() {}

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /** Base name of every object: Deployment, ServiceAccount, (Cluster)Roles… (default {@code flinkstack-controller}). */
    public B name(String name) {
      this.name = name;
      return self();
    }

    /** The controller image (required; flinkstack builds none), e.g. {@code registry.example.com/flinkstack-controller:0.1.0}. */
    public B image(String image) {
      this.image = image;
      return self();
    }

    public B imagePullPolicy(ImagePullPolicy imagePullPolicy) {
      this.imagePullPolicy = imagePullPolicy;
      return self();
    }

    /** The controller's namespace (default {@code flinkstack-system}); it must exist before the manifest is applied. */
    public B namespace(String namespace) {
      this.namespace = namespace;
      return self();
    }

    /**
     * Namespaces whose Flink clusters the controller manages. Empty (the default): all namespaces, with a
     * ClusterRole; otherwise a Role per namespace and nothing cluster-wide.
     */
    public B watchNamespaces(List<String> watchNamespaces) {
      this.watchNamespaces = watchNamespaces;
      return self();
    }

    /** Controller pods (default 2: one leader, one standby, on different nodes when possible). */
    public B replicas(Integer replicas) {
      this.replicas = replicas;
      return self();
    }

    /** The leader-election Lease in the controller's namespace (default {@code flinkstack-controller}). */
    public B leaseName(String leaseName) {
      this.leaseName = leaseName;
      return self();
    }

    /** Time between reconcile passes, a Flink duration such as {@code 10 s} (default: the controller's own). */
    public B reconcileInterval(String reconcileInterval) {
      this.reconcileInterval = reconcileInterval;
      return self();
    }

    /** Memory (request and limit) and CPU (request) of the controller container (default 512Mi, 0.25). */
    public B resources(Resources resources) {
      this.resources = resources;
      return self();
    }

    public B labels(Map<String, String> labels) {
      this.labels = labels;
      return self();
    }
  }

  /** Builder of {@link RuntimeControllerProps}. */
  public static final class Builder extends BuilderBase<Builder> {
    private Builder() {}

    public RuntimeControllerProps build() {
      return new RuntimeControllerProps(this);
    }
  }
}
