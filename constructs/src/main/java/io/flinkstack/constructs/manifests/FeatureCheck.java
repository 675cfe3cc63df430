package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;

/**
 * What a feature's check sees: the cluster's properties as given, and what the cluster-wide checks settled.
 *
 * @param app the application's properties; null for a session cluster
 * @param name the cluster's name after defaulting
 * @param version the Flink version after parsing (the default when it did not parse: that is reported already)
 */
record FeatureCheck(ClusterProps props, FlinkApplicationProps app, String name, FlinkVersion version) {}
