package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.flinkstack.constructs.AutoscalerMode;
import io.flinkstack.constructs.AutoscalingMetric;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.OperatorAutoscaler;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.FlinkAutoscaler;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.HAConfig;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.JobState;
import io.flinkstack.constructs.UpgradeMode;
import io.flinkstack.constructs.LocalRecoveryStatefulSet;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.TaskManagerAutoscaling;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of the production features: HA, local recovery, state storage, autoscaling, security. */
final class FeatureSpecs {
  /** Flink refuses longer cluster ids: they name ConfigMaps with suffixes. */
  static final int MAX_CLUSTER_ID = 45;
  private static final Pattern DURATION =
      Pattern.compile("\\d+\\s*(ms|millis|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?");
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(password|passwd|token|secret|credential).*|.*(^|\\.)access[-.]key.*|.*account\\.key.*");
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");
  private static final Pattern CIDR_V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern CIDR_V6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*/(\\d{1,3})");
  /** Environment variables flinkstack's features set; a user value would shadow them (POD_IP breaks HA). */
  static final Set<String> RESERVED_ENV = Set.of("POD_IP", "POD_NAME", "POD_NAMESPACE", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_STORAGE_KEY", HighAvailabilityFeature.REVISION_ENV);
  /**
   * Variables the official image's {@code docker-entrypoint.sh} (apache/flink-docker) turns into edits of the
   * files under {@code /opt/flink/conf} or {@code /opt/flink/plugins}. flinkstack mounts the configuration
   * read-only on a read-only root, so the edits fail — and the script carries on and reports success. Each maps
   * to the way flinkstack expresses the same thing.
   */
  static final Map<String, String> IMAGE_ENTRYPOINT_ENV = Map.of(
      "FLINK_PROPERTIES", "set the keys with flinkConfiguration(Map.of(...)) instead",
      "TASK_MANAGER_NUMBER_OF_TASK_SLOTS", "set taskSlots(n) instead",
      "JOB_MANAGER_RPC_ADDRESS", "remove it: flinkstack sets jobmanager.rpc.address to the JobManager Service"
          + " (under high availability, to each JobManager's pod IP)",
      "ENABLE_BUILT_IN_PLUGINS", "remove it: stateStorage(...) enables the file-system plugin its scheme needs; for"
          + " other plugins, build them into the image under /opt/flink/plugins/<name>/");
  private static final Set<String> OWN_VOLUMES = Set.of(ApplicationManifests.CONFIG_VOLUME, SecurityFeature.TMP_VOLUME,
      SecurityFeature.LOG_VOLUME, ApplicationJobFeature.ARTIFACTS_VOLUME, LocalRecoveryFeature.VOLUME, StateStorageFeature.STATE_VOLUME,
      StateStorageFeature.GCS_KEY_VOLUME, io.flinkstack.contract.RestoreState.VOLUME_NAME);
  /** A vertex's parallelism range in {@code autoscaler.yaml}, as the runtime controller reads it. */
  private static final Pattern VERTEX_BOUNDS = Pattern.compile("\\s*(\\d{1,9})\\s*\\.\\.\\s*(\\d{1,9})\\s*");
  /** The runtime controller's defaults, for checking target ± band when only one of them is set. */
  static final double DEFAULT_TARGET_UTILIZATION = 0.7;
  static final double DEFAULT_UTILIZATION_BAND = 0.3;
  private static final Set<String> TASK_LOCAL_ACCESS_MODES = Set.of("ReadWriteOnce", "ReadWriteOncePod");

  private FeatureSpecs() {}

  /** The HA storage directory after defaulting, or null without HA. */
  static String haStorageDir(ClusterProps props) {
    HAConfig ha = props.getHighAvailability();
    if (ha == null) {
      return null;
    }
    if (ha.getStorageDir() != null) {
      return ha.getStorageDir();
    }
    StateStorage storage = props.getStateStorage();
    return storage == null || storage.getBaseUri() == null ? null : StateStorageFeature.trimmed(storage.getBaseUri()) + "/ha";
  }

  static void checkHighAvailability(ClusterProps props, String name, Problems problems) {
    HAConfig ha = props.getHighAvailability();
    int replicas = props.getJobManagerReplicas();
    problems.check(replicas >= 1, "jobManagerReplicas", replicas + " is not a JobManager count; use 1, or 2 and more"
        + " for standby JobManagers");
    if (ha == null) {
      problems.check(replicas <= 1, "jobManagerReplicas", String.format("%d JobManagers need high availability to elect"
          + " a leader; set highAvailability(HAConfig.kubernetes(\"s3://bucket/ha\")) or use 1", replicas));
      return;
    }
    String storageDir = haStorageDir(props);
    if (storageDir == null) {
      problems.add("highAvailability.storageDir", "is required: set HAConfig.builder().storageDir(\"s3://bucket/flink/ha\"),"
          + " or set stateStorage to keep HA metadata under it");
    } else {
      String scheme = schemeOf(storageDir);
      if (scheme == null) {
        problems.add("highAvailability.storageDir", String.format("'%s' is not a URI with a scheme; e.g. s3://bucket/flink/ha",
            storageDir));
      } else if (!scheme.equals("file") && !StateStorageFeature.PLUGINS.containsKey(scheme)
          && !providedByImage(props, scheme)) {
        problems.add("highAvailability.storageDir", String.format("'%s' is on a file system flinkstack cannot enable;"
            + " use s3://, s3p://, gs://, abfs(s):// or wasb(s)://, or a shared volume (file://%s/...), or, when the"
            + " image brings that file system, stateStorage(StateStorage.providedByImage(\"%s://...\"))", storageDir,
            StateStorage.SHARED_MOUNT_PATH, scheme));
      } else if (scheme.equals("file") && !onSharedVolume(props, storageDir)) {
        problems.add("highAvailability.storageDir", String.format("'%s' is on a pod's local disk, which a standby"
            + " JobManager cannot read; use an object store, or StateStorage.sharedVolume(...) and a directory under"
            + " file://%s", storageDir, StateStorage.SHARED_MOUNT_PATH));
      }
    }
    String clusterId = ha.getClusterId() != null ? ha.getClusterId() : name;
    problems.check(Names.isDns1123Label(clusterId) && clusterId.length() <= MAX_CLUSTER_ID, "highAvailability.clusterId",
        String.format("'%s' is not a valid cluster id: lower-case letters, digits and '-', at most %d characters",
            clusterId, MAX_CLUSTER_ID));
    problems.check(ha.getRestartAttempts() >= 0, "highAvailability.restartAttempts",
        ha.getRestartAttempts() + " is not an attempt count; use 0 or more");
    problems.check(ha.getRestartDelay() != null && DURATION.matcher(ha.getRestartDelay().trim()).matches(),
        "highAvailability.restartDelay", String.format("'%s' is not a Flink duration; e.g. 10 s, 500 ms, 1 min",
            ha.getRestartDelay()));
  }

  static void checkLocalRecovery(ClusterProps props, FlinkVersion version, Problems problems) {
    LocalRecoveryStatefulSet lr = props.getLocalRecovery();
    Map<String, String> config = props.getFlinkConfiguration();
    if (lr == null) {
      for (String key : version.localRecoveryKeys()) {
        if ("true".equalsIgnoreCase(String.valueOf(config.get(key)).trim())) {
          problems.add("flinkConfiguration." + key, "local recovery needs a volume that outlives the pod; remove the key"
              + " and set localRecovery(LocalRecoveryStatefulSet.withVolume(\"50Gi\"))");
        }
      }
      return;
    }
    if (lr.getSize() == null || MemorySize.parse(lr.getSize()).filter(s -> s.bytes() > 0).isEmpty()) {
      problems.add("localRecovery.size", String.format("'%s' is not a volume size; use %s", lr.getSize(), MemorySize.ACCEPTED));
    }
    problems.check(lr.getAccessMode() != null && TASK_LOCAL_ACCESS_MODES.contains(lr.getAccessMode()), "localRecovery.accessMode",
        String.format("'%s' is not an access mode for a TaskManager's own volume; use ReadWriteOnce or ReadWriteOncePod",
            lr.getAccessMode()));
    String mount = lr.getMountPath();
    boolean mountOk = mount != null && mount.startsWith("/") && mount.length() > 1 && !mount.endsWith("/")
        && !mount.startsWith("/opt/flink") && !mount.equals("/tmp") && !mount.startsWith("/tmp/")
        && !(mount + "/").startsWith(StateStorage.SHARED_MOUNT_PATH + "/");
    problems.check(mountOk, "localRecovery.mountPath", String.format("'%s' is not a usable mount path; use an absolute"
        + " path outside /opt/flink, /tmp and %s, e.g. %s", mount, StateStorage.SHARED_MOUNT_PATH,
        LocalRecoveryStatefulSet.DEFAULT_MOUNT_PATH));
    String workingDir = config.get(LocalRecoveryFeature.WORKING_DIR_KEY);
    if (workingDir != null && mount != null && !workingDir.startsWith(mount + "/")) {
      problems.add("flinkConfiguration." + LocalRecoveryFeature.WORKING_DIR_KEY, String.format("'%s' is not on the"
          + " local-recovery volume, so local state would not survive a restart; use a directory under %s or remove"
          + " the key (default %s)", workingDir, mount, LocalRecoveryFeature.workingDir(lr)));
    }
  }

  static void checkStateStorage(ClusterProps props, FlinkVersion version, Problems problems) {
    StateStorage storage = props.getStateStorage();
    for (String key : List.of("state.checkpoints.dir", "state.savepoints.dir", "execution.checkpointing.dir",
        "execution.checkpointing.savepoint-dir")) {
      String dir = props.getFlinkConfiguration().get(key);
      if (dir != null && "file".equals(schemeOf(dir)) && !onSharedVolume(props, dir)) {
        problems.add("flinkConfiguration." + key, String.format("'%s' is on one pod's disk, but every TaskManager writes"
            + " its own checkpoint data there and the JobManager reads it all; use StateStorage.objectStore(...) or"
            + " StateStorage.sharedVolume(size, storageClass) (ReadWriteMany, mounted on every Flink pod)", dir));
      }
    }
    if (storage == null) {
      return;
    }
    if (storage.isVolume()) {
      if (storage.getAccessMode() == null) {
        problems.add("stateStorage.accessMode", "is null; the claim must be ReadWriteMany, mounted on every Flink pod");
      } else if (!"ReadWriteMany".equals(storage.getAccessMode())) {
        problems.add("stateStorage.accessMode", String.format("'%s' cannot hold checkpoints: TaskManagers write their"
            + " own checkpoint data and the JobManager reads all of it, so every Flink pod must mount the volume; use"
            + " a ReadWriteMany claim (e.g. NFS, CephFS, EFS, Filestore) or an object store", storage.getAccessMode()));
      }
      if (storage.getExistingClaim() != null) {
        problems.check(Names.isDns1123Subdomain(storage.getExistingClaim()), "stateStorage.claimName",
            String.format("'%s' is not a claim name", storage.getExistingClaim()));
      } else if (storage.getVolumeSize() == null
          || MemorySize.parse(storage.getVolumeSize()).filter(s -> s.bytes() > 0).isEmpty()) {
        problems.add("stateStorage.size", String.format("'%s' is not a volume size; use %s", storage.getVolumeSize(),
            MemorySize.ACCEPTED));
      }
      return;
    }
    String scheme = storage.getBaseUri() == null ? null : schemeOf(storage.getBaseUri());
    if (storage.isProvidedByImage()) {
      problems.check(scheme != null && !scheme.equals("file") && !scheme.equals("local"), "stateStorage.baseUri",
          String.format("'%s' is not a URI of a shared file system; e.g. hdfs:///flink/state (file:// is each pod's own"
              + " disk: use StateStorage.sharedVolume(...))", storage.getBaseUri()));
      return;
    }
    if (scheme == null || !StateStorageFeature.PLUGINS.containsKey(scheme)) {
      problems.add("stateStorage.baseUri", String.format("'%s' is not an object store flinkstack can enable; use s3://,"
          + " s3p://, gs://, abfs(s):// or wasb(s)://, or StateStorage.sharedVolume(...), or, when the image brings the"
          + " file system (hdfs:// with Hadoop in the image), StateStorage.providedByImage(...)", storage.getBaseUri()));
      return;
    }
    StorageCredentials c = storage.getCredentials();
    if (c == null) {
      return;
    }
    StorageCredentials.Kind expected = scheme.startsWith("s3") ? StorageCredentials.Kind.S3
        : scheme.equals("gs") ? StorageCredentials.Kind.GCS : StorageCredentials.Kind.AZURE;
    problems.check(c.getKind() == expected, "stateStorage.credentials", String.format("%s credentials cannot open '%s';"
        + " use StorageCredentials.%s(...)", c.getKind(), storage.getBaseUri(), expected.name().toLowerCase()));
    problems.check(Names.isDns1123Subdomain(c.getSecretName()), "stateStorage.credentials.secretName",
        String.format("'%s' is not a Secret name", c.getSecretName()));
    problems.check(notBlank(c.getFirstKey()) && (c.getKind() != StorageCredentials.Kind.S3 || notBlank(c.getSecondKey())),
        "stateStorage.credentials", "names no key of the Secret; give the keys that hold the credentials");
    if (c.getKind() == StorageCredentials.Kind.AZURE) {
      problems.check(c.getAccountName() != null && c.getAccountName().matches("[a-z0-9]{3,24}"),
          "stateStorage.credentials.accountName", String.format("'%s' is not an Azure storage account name (3-24"
              + " lower-case letters and digits)", c.getAccountName()));
    }
  }

  /**
   * Checks a job's settings against its cluster; returns the upgrade mode after defaulting (SAVEPOINT with
   * somewhere to put savepoints, else STATELESS).
   */
  static UpgradeMode checkJob(JobSettings job, ClusterProps cluster, String field, Problems problems) {
    boolean savepointDir = cluster.getStateStorage() != null
        || cluster.getFlinkConfiguration().containsKey("state.savepoints.dir")
        || cluster.getFlinkConfiguration().containsKey("execution.checkpointing.savepoint-dir");
    UpgradeMode mode = job.getUpgradeMode() != null ? job.getUpgradeMode()
        : savepointDir ? UpgradeMode.SAVEPOINT : UpgradeMode.STATELESS;
    if (mode == UpgradeMode.SAVEPOINT || job.getState() == JobState.SUSPENDED || job.getSavepointInterval() != null) {
      problems.check(savepointDir, field, "needs somewhere to write savepoints (upgrade mode SAVEPOINT, SUSPENDED, or"
          + " periodic savepoints); set stateStorage(StateStorage.objectStore(...)) on the cluster, or use UpgradeMode.STATELESS");
    }
    if (mode == UpgradeMode.LAST_STATE) {
      problems.check(cluster.getHighAvailability() != null, field + ".upgradeMode", "LAST_STATE restores from the"
          + " checkpoint recorded in HA metadata; set highAvailability(HAConfig...) on the cluster, or use SAVEPOINT");
    }
    problems.check(job.getState() != null, field + ".state", "is null; use JobState.RUNNING or JobState.SUSPENDED");
    for (String[] duration : new String[][] {{"savepointInterval", job.getSavepointInterval()},
        {"savepointHistoryMaxAge", job.getSavepointHistoryMaxAge()}}) {
      if (duration[1] != null) {
        problems.check(DURATION.matcher(duration[1].trim()).matches(), field + "." + duration[0],
            String.format("'%s' is not a Flink duration; e.g. 30 min, 1 h, 7 d", duration[1]));
      }
    }
    if (job.getSavepointHistoryMaxCount() != null) {
      problems.check(job.getSavepointHistoryMaxCount() >= 1, field + ".savepointHistoryMaxCount",
          job.getSavepointHistoryMaxCount() + " keeps no savepoint; use 1 or more");
    }
    if (job.getInitialSavepointPath() != null) {
      problems.check(schemeOf(job.getInitialSavepointPath()) != null, field + ".initialSavepointPath",
          String.format("'%s' is not a savepoint URI; e.g. s3://bucket/savepoints/savepoint-1a2b3c", job.getInitialSavepointPath()));
    }
    return mode;
  }

  /** What the chosen backend cannot express is an error here, never a silent drop. */
  static void checkBackend(ClusterProps props, FlinkVersion version, Problems problems) {
    if (props.getBackend() != Backend.OPERATOR) {
      problems.check(props.getOperatorAutoscaler() == null, "operatorAutoscaler", "is the Apache operator's autoscaler;"
          + " set backend(Backend.OPERATOR), or scale TaskManagers with autoscaling(TaskManagerAutoscaling...)");
      return;
    }
    problems.check(!version.isAtLeast(FlinkVersion.V2_0), "flinkVersion", String.format("Flink %s is newer than the"
        + " Apache operator flinkstack targets (1.10, up to Flink 1.20); use FlinkVersion.V1_20 or the standalone"
        + " backend", version));
    problems.check(props.getLocalRecovery() == null, "localRecovery", "the Apache operator runs TaskManagers as plain"
        + " pods, not a StatefulSet, so they cannot keep a volume across restarts; use the standalone backend for"
        + " local recovery, or remove localRecovery");
    problems.check(props.getAutoscaling() == null, "autoscaling", "the Apache operator manages TaskManager pods itself,"
        + " so an HPA has nothing to scale; use operatorAutoscaler(OperatorAutoscaler.builder()...build()) instead");
    problems.check(props.getScheduler() != Scheduler.REACTIVE, "scheduler", "reactive mode needs the operator's"
        + " standalone mode, which flinkstack does not use; use Scheduler.ADAPTIVE or the standalone backend");
    problems.check(props.getRestService() == null || props.getRestService().fixedNodePort() == null, "restService",
        "the Apache operator cannot fix a node port; use RestService.nodePort() and let Kubernetes pick one");
    OperatorAutoscaler a = props.getOperatorAutoscaler();
    if (a != null) {
      problems.check(a.getTargetUtilization() > 0 && a.getTargetUtilization() <= 1, "operatorAutoscaler.targetUtilization",
          a.getTargetUtilization() + " is not a fraction; use a value above 0 and at most 1, e.g. 0.7");
      problems.check(a.getTargetUtilizationBoundary() >= 0 && a.getTargetUtilizationBoundary() < 1,
          "operatorAutoscaler.targetUtilizationBoundary", a.getTargetUtilizationBoundary() + " is not a fraction below 1");
      for (String[] d : new String[][] {{"stabilizationInterval", a.getStabilizationInterval()},
          {"metricsWindow", a.getMetricsWindow()}, {"catchUpDuration", a.getCatchUpDuration()}}) {
        problems.check(d[1] != null && DURATION.matcher(d[1].trim()).matches(), "operatorAutoscaler." + d[0],
            String.format("'%s' is not a Flink duration; e.g. 5 min", d[1]));
      }
    }
  }

  /**
   * Checks a job's {@link FlinkAutoscaler} (the runtime controller's, standalone backend only); the scheduler is
   * checked by the caller, which knows whether it may still default it.
   *
   * @param operatorFix where the operator's autoscaler is set, for the message
   */
  static void checkFlinkAutoscaler(FlinkAutoscaler a, Backend backend, String operatorFix, Problems problems) {
    if (a == null) {
      return;
    }
    String field = "flinkAutoscaler";
    if (backend == Backend.OPERATOR) {
      problems.add(field, "is flinkstack's runtime-controller autoscaler, which runs with the standalone backend only;"
          + " with backend(Backend.OPERATOR) use operatorAutoscaler(OperatorAutoscaler.builder()...build())" + operatorFix
          + " instead");
      return;
    }
    problems.check(a.getMode() != null, field + ".mode", "is null; use AutoscalerMode.MONITOR (only recommend) or"
        + " AutoscalerMode.ACT (rescale the job)");
    Double target = a.getTargetUtilization();
    Double band = a.getUtilizationBand();
    boolean targetOk = target == null || problems.check(target > 0 && target <= 1, field + ".targetUtilization",
        target + " is not a busy fraction; use a value above 0 and at most 1, e.g. 0.7");
    boolean bandOk = band == null || problems.check(band >= 0 && band < 1, field + ".utilizationBand",
        band + " is not a band; use a value from 0 to below 1, e.g. 0.3");
    if (targetOk && bandOk && (target != null || band != null)) {
      double t = target != null ? target : DEFAULT_TARGET_UTILIZATION;
      double b = band != null ? band : DEFAULT_UTILIZATION_BAND;
      // Both bounds must be utilizations a vertex can have: a band reaching 0 or past 1 would never fire there.
      problems.check(t - b > 0 && t + b <= 1, band != null ? field + ".utilizationBand" : field + ".targetUtilization",
          String.format(java.util.Locale.ROOT, "target %s ± band %s reaches outside (0, 1]%s; set utilizationBand"
              + " below %s and at most %s, or move targetUtilization", t, b,
              target == null ? " (the target is the default 0.7)" : band == null ? " (the band is the default 0.3)" : "",
              t, Math.round((1 - t) * 1000) / 1000.0));
    }
    for (String[] d : new String[][] {{"catchUpDuration", a.getCatchUpDuration()}, {"restartTime", a.getRestartTime()},
        {"window", a.getWindow()}, {"interval", a.getInterval()}, {"stabilization", a.getStabilization()},
        {"scaleDownDelay", a.getScaleDownDelay()}}) {
      CommonChecks.flinkDuration(problems, field + "." + d[0], d[1]);
    }
    checkPositive(a.getWindow(), field + ".window", problems);
    checkPositive(a.getInterval(), field + ".interval", problems);
    checkPositive(a.getCatchUpDuration(), field + ".catchUpDuration", problems);
    if (a.getScaleDownMinEvaluations() != null) {
      problems.check(a.getScaleDownMinEvaluations() >= 1, field + ".scaleDownMinEvaluations",
          a.getScaleDownMinEvaluations() + " is not an evaluation count; use 1 or more (default 3)");
    }
    for (Object[] f : new Object[][] {{"scaleUpMaxFactor", a.getScaleUpMaxFactor(), "4"},
        {"scaleDownMaxFactor", a.getScaleDownMaxFactor(), "2"}}) {
      Double factor = (Double) f[1];
      if (factor != null) {
        problems.check(factor > 1, field + "." + f[0], String.format("%s would never change the parallelism; use a"
            + " factor above 1, e.g. %s", factor, f[2]));
      }
    }
    if (a.getMaxParallelism() != null) {
      problems.check(a.getMaxParallelism() >= 1 && a.getMaxParallelism() <= 32768, field + ".maxParallelism",
          a.getMaxParallelism() + " is not a parallelism Flink allows; use 1 to 32768");
    }
    a.getVertexBounds().forEach((vertex, bounds) -> {
      if (!problems.check(vertex != null && !vertex.isBlank(), field + ".vertexBounds", "has an empty vertex; key each"
          + " range by the vertex's name or id as Flink's web UI shows it")) {
        return;
      }
      java.util.regex.Matcher m = bounds == null ? null : VERTEX_BOUNDS.matcher(bounds);
      boolean ok = m != null && m.matches() && Integer.parseInt(m.group(1)) >= 1
          && Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2));
      problems.check(ok, field + ".vertexBounds." + vertex, String.format("'%s' is not a parallelism range; write"
          + " \"min..max\" with 1 ≤ min ≤ max, e.g. \"2..8\"", bounds));
    });
  }

  /** A set duration that is zero would make the autoscaler decide on nothing. */
  private static void checkPositive(String duration, String field, Problems problems) {
    if (duration != null && CommonChecks.isFlinkDuration(duration)) {
      problems.check(!duration.strip().matches("0+\\s*[a-zA-Z]*"), field, String.format("'%s' is zero; use a positive"
          + " duration, e.g. 5 min", duration));
    }
  }

  /** Whether the job's Flink autoscaler rescales it (and so needs the adaptive scheduler). */
  static boolean acts(FlinkAutoscaler a) {
    return a != null && a.getMode() == AutoscalerMode.ACT;
  }

  static void checkNoSecretsInConfiguration(Map<String, String> config, Problems problems) {
    for (String key : config.keySet()) {
      if (key != null && SECRET_KEY.matcher(key).matches()) {
        problems.add("flinkConfiguration." + key, "looks like a secret, and the configuration is a plain ConfigMap anyone"
            + " with read access sees; keep it in a Kubernetes Secret: StateStorage credentials"
            + " (StorageCredentials.s3/gcs/azure) or an env var from a secretKeyRef in podTemplate");
      }
    }
  }

  /** Checks the autoscaler; returns the TaskManager count parallelism is checked against. */
  static int checkAutoscaling(ClusterProps props, Problems problems) {
    TaskManagerAutoscaling a = props.getAutoscaling();
    if (a == null) {
      return props.getTaskManagers();
    }
    problems.check(a.getMinReplicas() >= 1, "autoscaling.minReplicas", a.getMinReplicas() + " is not a TaskManager"
        + " count; use 1 or more");
    problems.check(a.getMaxReplicas() >= Math.max(1, a.getMinReplicas()), "autoscaling.maxReplicas",
        String.format("%d is below minReplicas %d; set maxReplicas to the most TaskManagers the job may use",
            a.getMaxReplicas(), a.getMinReplicas()));
    checkPercent(a.getCpuUtilization(), "autoscaling.cpuUtilization", problems);
    checkPercent(a.getMemoryUtilization(), "autoscaling.memoryUtilization", problems);
    problems.check(a.getCpuUtilization() != null || a.getMemoryUtilization() != null || !a.getMetrics().isEmpty(),
        "autoscaling", "has no metric to scale on; keep cpuUtilization (default 60) or add memoryUtilization or metrics");
    problems.check(a.getScaleUpStabilizationSeconds() >= 0 && a.getScaleUpStabilizationSeconds() <= 3600,
        "autoscaling.scaleUpStabilizationSeconds", "must be 0 to 3600");
    problems.check(a.getScaleDownStabilizationSeconds() >= 0 && a.getScaleDownStabilizationSeconds() <= 3600,
        "autoscaling.scaleDownStabilizationSeconds", "must be 0 to 3600");
    for (int i = 0; i < a.getMetrics().size(); i++) {
      AutoscalingMetric m = a.getMetrics().get(i);
      String field = "autoscaling.metrics[" + i + "]";
      if (m == null) {
        problems.add(field, "is null; remove it");
        continue;
      }
      problems.check(notBlank(m.getName()), field + ".name", "is required: the metric's name in the metrics API");
      problems.check(m.getAverageValue() != null && QUANTITY.matcher(m.getAverageValue()).matches(),
          field + ".averageValue", String.format("'%s' is not a quantity; e.g. 1000 or 500m", m.getAverageValue()));
    }
    return Math.max(1, a.getMaxReplicas());
  }

  static void checkPlacementAndNetwork(ClusterProps props, Problems problems) {
    if (props.getPlacement() != null && props.getPlacement().getPriorityClassName() != null) {
      problems.check(Names.isDns1123Subdomain(props.getPlacement().getPriorityClassName()), "placement.priorityClassName",
          String.format("'%s' is not a PriorityClass name", props.getPlacement().getPriorityClassName()));
    }
    checkAccess(props.getRestAccess(), "restAccess", problems);
    checkAccess(props.getMetricsAccess(), "metricsAccess", problems);
    checkRestExposure(props, problems);
    String controller = props.getRuntimeControllerNamespace();
    problems.check(controller == null || Names.isDns1123Label(controller), "runtimeControllerNamespace",
        String.format("'%s' is not a namespace name; give the RuntimeController's namespace (default"
            + " flinkstack-system), or null if no runtime controller manages this cluster", controller));
    checkPeerNamespace(props.getOperatorNamespace(), "operatorNamespace", "the Apache operator's namespace"
        + " (default flink-operator)", problems);
    checkPeerNamespace(props.getIngressControllerNamespace(), "ingressControllerNamespace", "the Ingress"
        + " controller's namespace (default ingress-nginx)", problems);
    checkPeerNamespace(props.getPrometheusNamespace(), "prometheusNamespace", "Prometheus' namespace (default"
        + " monitoring)", problems);
    RestIngress ingress = props.getRestIngress();
    if (ingress != null) {
      String host = ingress.getHost();
      problems.check(host != null && Names.isDns1123Subdomain(host.startsWith("*.") ? host.substring(2) : host),
          "restIngress.host", String.format("'%s' is not a host name; e.g. flink.example.com", host));
      problems.check(ingress.getPath() != null && ingress.getPath().startsWith("/"), "restIngress.path",
          String.format("'%s' is not a path; it starts with '/'", ingress.getPath()));
      if (ingress.getTlsSecretName() != null) {
        problems.check(Names.isDns1123Subdomain(ingress.getTlsSecretName()), "restIngress.tlsSecretName",
            String.format("'%s' is not a Secret name", ingress.getTlsSecretName()));
      }
    }
  }

  private static void checkPeerNamespace(String ns, String field, String what, Problems problems) {
    problems.check(ns == null || Names.isDns1123Label(ns), field, String.format("'%s' is not a namespace name; give"
        + " %s, or null to admit none", ns, what));
  }

  /**
   * Ingress annotations that make the controller authenticate requests: ingress-nginx's external auth and basic
   * auth, Traefik's middlewares (ForwardAuth, BasicAuth), the AWS load balancer controller's OIDC/Cognito auth.
   */
  static final List<String> INGRESS_AUTH_ANNOTATIONS = List.of("nginx.ingress.kubernetes.io/auth-url",
      "nginx.ingress.kubernetes.io/auth-type", "traefik.ingress.kubernetes.io/router.middlewares",
      "alb.ingress.kubernetes.io/auth-type");

  /**
   * Flink's REST API is unauthenticated and runs jobs it is sent: exposing it outside the cluster needs an explicit
   * protection, and with a NetworkPolicy a NodePort or LoadBalancer needs the clients' addresses (they reach the pods
   * from node or load-balancer addresses that depend on the CNI, which no pod or namespace selector matches).
   */
  static void checkRestExposure(ClusterProps props, Problems problems) {
    RestService rest = props.getRestService();
    boolean external = rest != null && !rest.type().equals("ClusterIP");
    if (external) {
      problems.check(rest.protection() != null, "restService", String.format("%s publishes Flink's REST API, which has"
          + " no authentication and runs any job it is sent, outside the cluster; say what protects it:"
          + " .protectedBy(RestProtection.authenticatedBy(\"what authenticates, e.g. the load balancer's mTLS"
          + " listener\")), or .protectedBy(RestProtection.unauthenticated()) to accept that anyone who reaches the"
          + " port can run code, or keep RestService.clusterIp() and use kubectl port-forward", rest.type()));
      if (props.isNetworkPolicy()) {
        problems.check(props.getRestAccess().stream().anyMatch(a -> a.getCidr() != null), "restAccess",
            String.format("a %s Service's clients reach the pods from addresses that depend on the CNI (node or load"
                + " balancer addresses), which the NetworkPolicy admits only by address: add"
                + " NetworkAccess.cidr(\"<clients' range>\") to restAccess, or turn networkPolicy off", rest.type()));
      }
    }
    RestIngress ingress = props.getRestIngress();
    if (ingress != null) {
      boolean annotated = ingress.getAnnotations().keySet().stream().anyMatch(INGRESS_AUTH_ANNOTATIONS::contains);
      problems.check(ingress.getProtection() != null || annotated, "restIngress", "publishes Flink's REST API, which has"
          + " no authentication and runs any job it is sent, through an Ingress; configure authentication (e.g. the"
          + " annotation nginx.ingress.kubernetes.io/auth-url of an oauth2-proxy) or say what protects it:"
          + " .protectedBy(RestProtection.authenticatedBy(\"...\")), or .protectedBy(RestProtection.unauthenticated())"
          + " to accept that anyone who reaches it can run code");
    }
  }

  static void checkPodExtras(ClusterProps props, Problems problems) {
    Set<String> names = new HashSet<>(Set.of("jobmanager", "taskmanager"));
    for (int i = 0; i < props.getSidecars().size(); i++) {
      Container c = props.getSidecars().get(i);
      String name = c == null ? null : c.getName();
      problems.check(name != null && Names.isDns1123Label(name) && names.add(name), "sidecars[" + i + "]",
          String.format("'%s' is not a unique container name (jobmanager and taskmanager are taken)", name));
    }
    Set<String> volumes = new HashSet<>(OWN_VOLUMES);
    for (int i = 0; i < props.getVolumes().size(); i++) {
      Volume v = props.getVolumes().get(i);
      String name = v == null ? null : v.getName();
      problems.check(name != null && Names.isDns1123Label(name) && !name.startsWith(StateStorageFeature.PLUGIN_VOLUME_PREFIX)
          && volumes.add(name), "volumes[" + i + "]",
          String.format("'%s' is not a unique volume name (flinkstack uses %s)", name, new java.util.TreeSet<>(OWN_VOLUMES)));
    }
  }

  private static void checkAccess(List<NetworkAccess> access, String field, Problems problems) {
    for (int i = 0; i < access.size(); i++) {
      NetworkAccess a = access.get(i);
      if (a == null) {
        problems.add(field + "[" + i + "]", "is null; remove it");
      } else if (a.getCidr() != null) {
        problems.check(validCidr(a.getCidr()), field + "[" + i + "]",
            String.format("'%s' is not a CIDR block; e.g. 10.0.0.0/8", a.getCidr()));
      }
    }
  }

  static boolean validCidr(String cidr) {
    java.util.regex.Matcher v4 = CIDR_V4.matcher(cidr);
    if (v4.matches()) {
      for (int g = 1; g <= 4; g++) {
        if (Integer.parseInt(v4.group(g)) > 255) {
          return false;
        }
      }
      return Integer.parseInt(v4.group(5)) <= 32;
    }
    java.util.regex.Matcher v6 = CIDR_V6.matcher(cidr);
    return v6.matches() && Integer.parseInt(v6.group(1)) <= 128;
  }

  private static void checkPercent(Integer value, String field, Problems problems) {
    if (value != null) {
      problems.check(value >= 1 && value <= 100, field, value + " is not a percentage; use 1 to 100");
    }
  }

  private static boolean onSharedVolume(ClusterProps props, String uri) {
    StateStorage storage = props.getStateStorage();
    return storage != null && storage.isVolume() && URI.create(uri).getPath() != null
        && (URI.create(uri).getPath() + "/").startsWith(StateStorage.SHARED_MOUNT_PATH + "/");
  }

  /** The state storage is on {@code scheme} and the user said the image brings that file system. */
  static boolean providedByImage(ClusterProps props, String scheme) {
    StateStorage storage = props.getStateStorage();
    return storage != null && storage.isProvidedByImage() && scheme.equals(schemeOf(storage.getBaseUri()));
  }

  static String schemeOf(String uri) {
    try {
      String scheme = new URI(uri).getScheme();
      return scheme == null ? null : scheme.toLowerCase(java.util.Locale.ROOT);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
