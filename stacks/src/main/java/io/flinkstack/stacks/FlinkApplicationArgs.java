package io.flinkstack.stacks;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.RuntimeController;
import io.flinkstack.constructs.RuntimeControllerProps;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.Nullable;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * What a {@link FlinkApplicationComponent} deploys: one {@link FlinkApplication} in one namespace, and optionally
 * flinkstack's {@link RuntimeController} with it.
 */
public final class FlinkApplicationArgs {
  private final String namespace;
  private final boolean createNamespace;
  private final FlinkApplicationProps props;
  private final @Nullable RuntimeControllerProps runtimeController;

  private FlinkApplicationArgs(Builder b) {
    this.namespace = Objects.requireNonNull(b.namespace, "namespace");
    this.createNamespace = b.createNamespace;
    this.props = Objects.requireNonNull(b.props, "props");
    this.runtimeController = b.runtimeController;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String namespace() {
    return namespace;
  }

  public boolean createNamespace() {
    return createNamespace;
  }

  public FlinkApplicationProps props() {
    return props;
  }

  public Optional<RuntimeControllerProps> runtimeController() {
    return Optional.ofNullable(runtimeController);
  }

  /**
   * Defines the application in a cdk8s app, as a cdk8s user would: a chart in the namespace holding the
   * construct, and, when asked, the Namespace in a chart of its own (a cluster-scoped object must not get
   * the chart's namespace), and the runtime controller, when asked, in a chart without a namespace (its objects
   * name their own, some are cluster-scoped) declared before the application's, so that the cluster's NetworkPolicy
   * admits the controller that watches it.
   */
  FlinkApplication define(App app, String id) {
    if (createNamespace) {
      Chart namespaceChart = new Chart(app, id + "-namespace");
      new ApiObject(namespaceChart, "namespace", ApiObjectProps.builder()
          .apiVersion("v1")
          .kind("Namespace")
          .metadata(ApiObjectMetadata.builder().name(namespace).build())
          .build());
    }
    if (runtimeController != null) {
      new RuntimeController(new Chart(app, id + "-runtime-controller"), "runtime-controller", runtimeController);
    }
    Chart chart = new Chart(app, id, ChartProps.builder().namespace(namespace).build());
    return new FlinkApplication(chart, id, props);
  }

  /** Builder of {@link FlinkApplicationArgs}; namespace and props are required. */
  public static final class Builder {
    private String namespace;
    private boolean createNamespace;
    private FlinkApplicationProps props;
    private @Nullable RuntimeControllerProps runtimeController;

    private Builder() {}

    /** The namespace of every object. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Whether the namespace is created (and deleted) with the application; default false. */
    public Builder createNamespace(boolean createNamespace) {
      this.createNamespace = createNamespace;
      return this;
    }

    public Builder props(FlinkApplicationProps props) {
      this.props = props;
      return this;
    }

    /**
     * Also deploy flinkstack's runtime controller with these props (null: none). Have it watch {@code namespace}:
     * the application's NetworkPolicy then admits it to the REST API. Its namespace must exist (or be {@code
     * namespace} with {@link #createNamespace(boolean) createNamespace}).
     */
    public Builder runtimeController(@Nullable RuntimeControllerProps runtimeController) {
      this.runtimeController = runtimeController;
      return this;
    }

    public FlinkApplicationArgs build() {
      return new FlinkApplicationArgs(this);
    }
  }
}
