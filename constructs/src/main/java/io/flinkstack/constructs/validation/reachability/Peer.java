package io.flinkstack.constructs.validation.reachability;

/**
 * Something outside a Flink cluster that must reach it, with the property that admits it and how to fix it when
 * the policies do not.
 *
 * @param field the construct property that admits the peer, e.g. {@code runtimeControllerNamespace}
 * @param fix what to change when the flow is blocked
 */
public record Peer(Endpoint endpoint, String field, String fix) {}
