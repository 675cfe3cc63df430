package io.flinkstack.constructs;

/**
 * Everything a {@link FlinkSessionCluster} needs: the cluster settings {@link FlinkApplication} has, without
 * a job of its own (jobs attach with {@link SessionJob} and {@link SqlJob}).
 */
public final class FlinkSessionClusterProps extends ClusterProps {
  FlinkSessionClusterProps(ClusterBuilder<?> b) {
    super(b);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link FlinkSessionClusterProps}; every property but image has a default. */
  public static final class Builder extends ClusterBuilder<Builder> {
    private Builder() {}

    public FlinkSessionClusterProps build() {
      return new FlinkSessionClusterProps(this);
    }
  }
}
