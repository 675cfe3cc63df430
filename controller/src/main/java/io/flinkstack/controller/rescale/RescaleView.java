package io.flinkstack.controller.rescale;

/**
 * What the rescaler saw of one job and its cluster in one look (REST reads only).
 *
 * @param jobId the job looked at
 * @param fullyRunning RUNNING with every task running
 * @param parallelism the highest vertex parallelism (with default slot sharing, the slots the job holds)
 * @param maxParallelism the lowest vertex max parallelism (a job cannot be rescaled above it)
 * @param upperBound the highest upper bound of its resource requirements; null when the cluster does not
 *     use the adaptive scheduler (Flink refuses the request)
 * @param usableSlots the slots this job may use: all slots of an application cluster; of a session
 *     cluster, the free slots plus the ones this job holds
 */
public record RescaleView(String jobId, boolean fullyRunning, int parallelism, int maxParallelism, Integer upperBound,
    int usableSlots) {

  public boolean adaptive() {
    return upperBound != null;
  }
}
