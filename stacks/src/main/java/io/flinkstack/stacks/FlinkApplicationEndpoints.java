package io.flinkstack.stacks;

import com.pulumi.core.Output;

/**
 * Where a deployed Flink application is reached. Each output resolves once the object it names is
 * registered, so a resource that uses it waits for that object.
 *
 * @param jobManagerUrl the REST API and web UI inside the cluster: {@code http://<rest>.<namespace>.svc:8081}
 */
public record FlinkApplicationEndpoints(
    Output<String> namespace,
    Output<String> restServiceName,
    Output<String> jobManagerUrl,
    Output<String> jobManagerStatefulSetName,
    Output<String> taskManagerStatefulSetName) {}
