package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/**
 * Everything a {@link FlinkSessionCluster} needs: the cluster settings {@link FlinkApplication} has, without a job
 * of its own (jobs attach with {@link SessionJob} and {@link SqlJob}); every property but image has a default.
 */
@Props
final class FlinkSessionClusterPropsDeclaration extends ClusterPropsDeclaration {}
