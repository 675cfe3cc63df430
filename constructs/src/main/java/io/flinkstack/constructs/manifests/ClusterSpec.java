package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.constructs.units.MemorySize;
import java.util.List;
import java.util.SortedMap;

/**
 * A validated application cluster: every default applied, every value parsed. Only {@link
 * ClusterValidator#validate} makes one, so code that holds a ClusterSpec never re-checks input.
 */
public record ClusterSpec(
    String name,
    FlinkVersion flinkVersion,
    String image,
    ImagePullPolicy imagePullPolicy,
    List<String> imagePullSecrets,
    String jarUri,
    String entryClass,
    List<String> args,
    int parallelism,
    int taskManagers,
    int taskSlots,
    MemorySize jobManagerMemory,
    double jobManagerCpu,
    MemorySize taskManagerMemory,
    double taskManagerCpu,
    SortedMap<String, String> flinkConfiguration,
    String logConfiguration,
    SortedMap<String, String> env,
    RestService restService,
    int jobManagerReplicas,
    Scheduler scheduler,
    /** HA storage directory after defaulting; null without HA. */
    String haStorageDir,
    /** {@code kubernetes.cluster-id}; null without HA. */
    String haClusterId,
    /** The feature objects (HA, storage, autoscaling, placement…), already validated. */
    ClusterProps props,
    /** A session cluster: JobManager without a job of its own; jarUri, entryClass are null, parallelism 0. */
    boolean session,
    /** The application's job settings; null for a session cluster. */
    JobSettings job,
    /** The application's upgrade mode after defaulting; null for a session cluster. */
    UpgradeMode upgradeMode,
    /** Whose controllers the NetworkPolicy admits to REST, after defaulting from the app's peers. */
    PeerNamespaces peers) {

  public boolean highlyAvailable() {
    return haClusterId != null;
  }

  public boolean autoscaled() {
    return props.getAutoscaling() != null;
  }

  /**
   * The parallelism bounds the runtime controller rescales within: with TaskManager autoscaling, the slots
   * of the fewest and of the most TaskManagers the HPA may run; without it null (no rescaling, the job keeps
   * its declared parallelism).
   */
  public Integer rescaleMin() {
    return autoscaled() ? props.getAutoscaling().getMinReplicas() * taskSlots : null;
  }

  /** The upper bound; see {@link #rescaleMin()}. */
  public Integer rescaleMax() {
    return autoscaled() ? props.getAutoscaling().getMaxReplicas() * taskSlots : null;
  }
}
