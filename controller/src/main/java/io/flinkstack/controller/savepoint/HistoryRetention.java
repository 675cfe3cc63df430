package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.declaration.SavepointPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which savepoints of the history have expired: beyond {@code savepointHistoryMaxCount} (the oldest go
 * first) or older than {@code savepointHistoryMaxAge}. Savepoints FlinkSnapshots asked for are not this history's
 * to expire (their FlinkSnapshot's deletion disposes them, with {@code disposeOnDelete}). The newest savepoint never expires: it is what the
 * job would be resumed from, and a long pause without savepoints must not leave none.
 */
public final class HistoryRetention {
  private HistoryRetention() {}

  /** Expired savepoints, oldest first, each with the rule that expired it. */
  public static List<Expired> expired(List<SavepointInfo> allHistory, SavepointInfo newest, SavepointPolicy policy, Instant now) {
    // A FlinkSnapshot's savepoint lives as long as that object, its checkpoint as long as Flink retains it: these rules
    // neither count nor expire either.
    List<SavepointInfo> history = allHistory.stream().filter(savepoint -> savepoint.trigger() != SavepointTrigger.SNAPSHOT
        && savepoint.trigger() != SavepointTrigger.CHECKPOINT).toList();
    List<SavepointInfo> oldestFirst = history.stream()
        .filter(savepoint -> newest == null || !savepoint.path().equals(newest.path()))
        .sorted(Comparator.comparing(SavepointInfo::time))
        .toList();
    // The count includes the newest; as at least one savepoint is kept, only older ones are ever over it.
    int overCount = Math.max(0, history.size() - policy.historyMaxCount());
    List<Expired> expired = new ArrayList<>();
    for (int i = 0; i < oldestFirst.size(); i++) {
      SavepointInfo savepoint = oldestFirst.get(i);
      Optional<Duration> maxAge = policy.historyMaxAge();
      if (i < overCount) {
        expired.add(new Expired(savepoint, "more than savepointHistoryMaxCount " + policy.historyMaxCount() + " savepoints"));
      } else if (maxAge.isPresent() && savepoint.time().plus(maxAge.get()).isBefore(now)) {
        expired.add(new Expired(savepoint, "older than savepointHistoryMaxAge " + maxAge.get()));
      }
    }
    return expired;
  }

  /** A savepoint to dispose and why. */
  public record Expired(SavepointInfo savepoint, String reason) {}
}
