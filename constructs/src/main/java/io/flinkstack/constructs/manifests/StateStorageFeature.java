package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.units.MemorySize;
import java.net.URI;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checkpoint and savepoint storage: the directories in the config, the file-system plugin the scheme
 * needs, credentials from Secrets (as environment variables or a mounted key file, never in the config),
 * or a shared ReadWriteMany volume on every Flink pod.
 */
final class StateStorageFeature {
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

  private StateStorageFeature() {}

  static String scheme(String uri) {
    String s = URI.create(uri).getScheme();
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  static String trimmed(String baseUri) {
    return baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
  }

  static void apply(ClusterModel m) {
    StateStorage storage = m.spec.props().getStateStorage();
    if (storage != null) {
      String base = trimmed(storage.getBaseUri());
      m.config.put(m.spec.flinkVersion().checkpointsDirKey(), base + "/checkpoints");
      m.config.put(m.spec.flinkVersion().savepointsDirKey(), base + "/savepoints");
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
      String plugin = PLUGINS.get(FeatureSpecs.schemeOf(uri) == null ? "" : FeatureSpecs.schemeOf(uri));
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
}
