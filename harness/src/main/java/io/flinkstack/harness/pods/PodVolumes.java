package io.flinkstack.harness.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's volume manager for one container start: each volume mount of the container becomes a host
 * directory bound at its mount path. ConfigMaps and Secrets are written as files (mode 0644, read-only mounts,
 * as the kubelet's atomic writer makes them); an emptyDir is a directory of the pod (mode 0777, as the kubelet
 * creates it), kept across container restarts and gone with the pod; a PersistentVolumeClaim is a directory
 * of the claim, kept across pods (a StatefulSet's {@code <template>-<pod>} claim outlives its pod). Other
 * volume types are refused: the container cannot be created, as with a volume the node cannot attach.
 */
final class PodVolumes {
  /** The mounts, and where the cluster's Flink configuration ConfigMap landed (its files can be rewritten). */
  record Prepared(List<Sandbox.Mount> mounts, Optional<Path> configDirectory, Optional<String> configMountPath) {}

  private PodVolumes() {}

  /**
   * @param configMapName the cluster's config ConfigMap: the caller rewrites its Flink file in the returned
   *     directory, as if the ConfigMap held the harness' values
   * @param startDirectory this container start (ConfigMap and Secret contents are read at every start)
   * @param podDirectory the pod (emptyDirs)
   * @param claims where claim directories live
   */
  static Prepared prepare(
      KubernetesClient client, String namespace, Pod pod, Container container, String configMapName, Path startDirectory,
      Path podDirectory, Path claims) throws IOException {
    List<Sandbox.Mount> mounts = new ArrayList<>();
    Path configDirectory = null;
    String configMountPath = null;
    for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
      Volume volume =
          Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow(() -> new IOException("volumeMount " + mount.getName() + " names no volume of the pod"));
      Path source;
      boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
      if (volume.getConfigMap() != null) {
        String name = volume.getConfigMap().getName();
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
          throw new IOException("configmap \"" + name + "\" not found (volume " + volume.getName() + ")");
        }
        source = Files.createDirectories(startDirectory.resolve("volumes").resolve(volume.getName()));
        writeFiles(source, map == null || map.getData() == null ? Map.of() : map.getData(), volume.getConfigMap().getItems());
        readOnly = true;
        if (name.equals(configMapName)) {
          configDirectory = source;
          configMountPath = mount.getMountPath();
        }
      } else if (volume.getSecret() != null) {
        Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
        if (secret == null && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
          throw new IOException("secret \"" + volume.getSecret().getSecretName() + "\" not found (volume " + volume.getName() + ")");
        }
        source = Files.createDirectories(startDirectory.resolve("volumes").resolve(volume.getName()));
        writeFiles(source, secret == null ? Map.of() : decoded(secret), volume.getSecret().getItems());
        readOnly = true;
      } else if (volume.getEmptyDir() != null) {
        source = writableDirectory(podDirectory.resolve("empty-dirs").resolve(volume.getName()));
      } else if (volume.getPersistentVolumeClaim() != null) {
        source = writableDirectory(claims.resolve(volume.getPersistentVolumeClaim().getClaimName()));
        readOnly = readOnly || Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
      } else {
        throw new IOException("volume " + volume.getName() + ": only configMap, secret, emptyDir and persistentVolumeClaim volumes are emulated");
      }
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        source = source.resolve(mount.getSubPath());
      }
      mounts.add(new Sandbox.Mount(source, mount.getMountPath(), readOnly));
    }
    return new Prepared(mounts, Optional.ofNullable(configDirectory), Optional.ofNullable(configMountPath));
  }

  /** A directory every pod user may write (an emptyDir is created 0777; a claim is group-writable for fsGroup, 0777 here). */
  static Path writableDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    return directory;
  }

  /** A Secret's keys as text: {@code data} decoded from base64, over {@code stringData} (what the API server merges). */
  static Map<String, String> decoded(Secret secret) {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    Optional.ofNullable(secret.getStringData()).ifPresent(data::putAll);
    Optional.ofNullable(secret.getData())
        .ifPresent(encoded -> encoded.forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))));
    return data;
  }

  private static void writeFiles(Path directory, Map<String, String> data, List<KeyToPath> items) throws IOException {
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> entry : data.entrySet()) {
        write(directory.resolve(entry.getKey()), entry.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      if (data.containsKey(item.getKey())) {
        write(directory.resolve(item.getPath()), data.get(item.getKey()));
      }
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }
}
