package io.flinkstack.stacks;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.FlinkApplicationProps;
import java.util.Objects;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/** What a {@link FlinkApplicationComponent} deploys: one {@link FlinkApplication} in one namespace. */
public final class FlinkApplicationArgs {
  private final String namespace;
  private final boolean createNamespace;
  private final FlinkApplicationProps props;

  private FlinkApplicationArgs(Builder b) {
    this.namespace = Objects.requireNonNull(b.namespace, "namespace");
    this.createNamespace = b.createNamespace;
    this.props = Objects.requireNonNull(b.props, "props");
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

  /**
   * Defines the application in a cdk8s app, as a cdk8s user would: a chart in the namespace holding the
   * construct, and, when asked, the Namespace in a chart of its own (a cluster-scoped object must not get
   * the chart's namespace).
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
    Chart chart = new Chart(app, id, ChartProps.builder().namespace(namespace).build());
    return new FlinkApplication(chart, id, props);
  }

  /** Builder of {@link FlinkApplicationArgs}; namespace and props are required. */
  public static final class Builder {
    private String namespace;
    private boolean createNamespace;
    private FlinkApplicationProps props;

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

    public FlinkApplicationArgs build() {
      return new FlinkApplicationArgs(this);
    }
  }
}
