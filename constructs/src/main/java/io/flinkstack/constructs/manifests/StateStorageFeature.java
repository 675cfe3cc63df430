package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.FlinkVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checkpoint and savepoint storage: the directories in the config, the file-system plugin the scheme
 * needs, credentials from Secrets (as environment variables or a mounted key file, never in the config),
 * or a shared ReadWriteMany volume on every Flink pod.
 */
final class StateStorageFeature implements ClusterFeature {
  static final String STATE_VOLUME = "flink-state";
  /** Prefix of the emptyDir that holds one file-system plugin. */
  static final String PLUGIN_VOLUME_PREFIX = "plugin-";
  static final String GCS_KEY_VOLUME = "gcs-key";
  static final String GCS_KEY_DIR = "/var/run/secrets/flinkstack/gcs";

  /** Scheme → the file-system plugin jar in the image's /opt/flink/opt. */
  static final Map<String, String> PLUGINS = Map.of(
      "s3", "flink-s3-fs-hadoop", "s3a", "flink-s3-fs-hadoop", "s3p", "flink-s3-fs-presto",
      "gs", "flink-gs-fs-hadoop",
      "abfs", "flink-azure-fs-hadoop", "abfss", "flink-azure-fs-hadoop",
      "wasb", "flink-azure-fs-hadoop", "wasbs", "flink-azure-fs-hadoop");

  static final StateStorageFeature INSTANCE = new StateStorageFeature();

  private StateStorageFeature() {}

  static String scheme(String uri) {
    String s = URI.create(uri).getScheme();
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  static String trimmed(String baseUri) {
    return baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
  }

  @Override
  public void apply(ClusterModel m) {
    StateStorage storage = m.spec.props().getStateStorage();
    if (storage != null) {
      String base = trimmed(storage.getBaseUri());
      m.config.put(m.spec.flinkVersion().checkpointsDirKey(), base + "/checkpoints");
      m.config.put(m.spec.flinkVersion().savepointsDirKey(), base + "/savepoints");
      // Flink's default deletes a job's latest checkpoint when the job is cancelled (and when it fails): a last-state
      // upgrade, or one of a crash-looping job, cancels the job and restores exactly that checkpoint. The same key in
      // every version from 1.18 to 2.x; a job that overrides it is refused such an upgrade by the runtime controller.
      m.config.put(FlinkVersion.CHECKPOINT_RETENTION_KEY, "RETAIN_ON_CANCELLATION");
      if (storage.isVolume()) {
        sharedVolume(m, storage);
      } else if (!storage.isProvidedByImage()) {
        credentials(m, storage.getCredentials());
      }
    }
    // Every object store the cluster writes to needs its file system, wherever the URI was given.
    SortedSet<String> plugins = new TreeSet<>();
    List<String> uris = new ArrayList<>();
    if (storage != null && !storage.isVolume()) {
      uris.add(storage.getBaseUri());
    }
    if (m.spec.haStorageDir() != null) {
      uris.add(m.spec.haStorageDir());
    }
    for (String key : DIRECTORY_KEYS) {
      String dir = m.spec.flinkConfiguration().get(key);
      if (dir != null) {
        uris.add(dir);
      }
    }
    for (String uri : uris) {
      String plugin = PLUGINS.get(schemeOf(uri) == null ? "" : schemeOf(uri));
      if (plugin != null) {
        plugins.add(plugin);
      }
    }
    plugins.forEach(p -> plugin(m, p));
  }

  /** Configuration keys that name a directory on a file system. */
  static final List<String> DIRECTORY_KEYS = List.of("state.checkpoints.dir", "state.savepoints.dir",
      "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir");

  private static void sharedVolume(ClusterModel m, StateStorage storage) {
    String claim = storage.getExistingClaim();
    if (claim == null) {
      claim = m.spec.name() + "-state";
      String size = MemorySize.parse(storage.getVolumeSize()).orElseThrow().toQuantity();
      m.prerequisites.add(new PersistentVolumeClaimBuilder()
          .withMetadata(ClusterLabels.meta(m.spec, claim, null))
          .withNewSpec()
          .withAccessModes(storage.getAccessMode())
          .withStorageClassName(storage.getStorageClass())
          .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
          .endSpec()
          .build());
    }
    String claimName = claim;
    m.bothPods(p -> {
      p.volumes.add(new VolumeBuilder().withName(STATE_VOLUME).withNewPersistentVolumeClaim()
          .withClaimName(claimName).endPersistentVolumeClaim().build());
      p.volumeMounts.add(new VolumeMountBuilder().withName(STATE_VOLUME).withMountPath(StateStorage.SHARED_MOUNT_PATH).build());
    });
  }

  // The official image ships file systems in /opt/flink/opt, versioned by patch release; an init container
  // copies whichever is there into an emptyDir mounted as its plugin folder, so no patch version is guessed.
  private static void plugin(ClusterModel m, String plugin) {
    String volume = PLUGIN_VOLUME_PREFIX + plugin.replaceFirst("^flink-", "");
    ContainerBuilder copy = new ContainerBuilder()
        .withName("enable-" + plugin)
        .withImage(m.spec.image())
        .withImagePullPolicy(m.spec.imagePullPolicy().value())
        .withCommand("sh", "-c", "cp /opt/flink/opt/" + plugin + "-*.jar /plugin/")
        .withSecurityContext(new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true)
            .withReadOnlyRootFilesystem(true).withNewCapabilities().withDrop("ALL").endCapabilities().build())
        .withVolumeMounts(new VolumeMountBuilder().withName(volume).withMountPath("/plugin").build());
    m.bothPods(p -> {
      p.initContainers.add(copy.build());
      p.volumes.add(new VolumeBuilder().withName(volume).withNewEmptyDir().endEmptyDir().build());
      p.volumeMounts.add(new VolumeMountBuilder().withName(volume).withMountPath("/opt/flink/plugins/" + plugin)
          .withReadOnly(true).build());
    });
  }

  private static void credentials(ClusterModel m, StorageCredentials c) {
    if (c == null) {
      return;
    }
    switch (c.getKind()) {
      case S3 -> m.bothPods(p -> {
        p.env.add(secretEnv("AWS_ACCESS_KEY_ID", c.getSecretName(), c.getFirstKey()));
        p.env.add(secretEnv("AWS_SECRET_ACCESS_KEY", c.getSecretName(), c.getSecondKey()));
      });
      case GCS -> m.bothPods(p -> {
        p.volumes.add(new VolumeBuilder().withName(GCS_KEY_VOLUME).withNewSecret().withSecretName(c.getSecretName())
            .addNewItem().withKey(c.getFirstKey()).withPath("key.json").endItem().endSecret().build());
        p.volumeMounts.add(new VolumeMountBuilder().withName(GCS_KEY_VOLUME).withMountPath(GCS_KEY_DIR).withReadOnly(true).build());
        p.env.add(new EnvVarBuilder().withName("GOOGLE_APPLICATION_CREDENTIALS").withValue(GCS_KEY_DIR + "/key.json").build());
      });
      case AZURE -> m.bothPods(p -> {
        p.env.add(secretEnv("AZURE_STORAGE_KEY", c.getSecretName(), c.getFirstKey()));
        // Kubernetes expands $(VAR) in args: the key reaches Flink as a dynamic property, not a config file line.
        p.dynamicProperties.add("fs.azure.account.key." + c.getAccountName() + ".dfs.core.windows.net=$(AZURE_STORAGE_KEY)");
      });
      default -> throw new IllegalStateException("unknown credentials " + c.getKind());
    }
  }

  private static io.fabric8.kubernetes.api.model.EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
        .endSecretKeyRef().endValueFrom().build();
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    checkStateStorage(in.props(), in.version(), problems);
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

  static boolean onSharedVolume(ClusterProps props, String uri) {
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
