package io.flinkstack.contract;

import java.time.Instant;

/**
 * Whether the controller can reach the cluster's JobManager. While it cannot, the controller only
 * observes: it records this and changes nothing.
 *
 * @param jobManagerReachable whether the last call got an answer
 * @param since when it last changed
 * @param message why not, when not
 */
public record FlinkObservation(boolean jobManagerReachable, Instant since, String message) {}
