package io.flinkstack.controller.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A declaration ConfigMap as the constructs synthesize it (labels, {@code job.yaml} with numbers quoted, as
 * the constructs' YAML writer does), created or changed in the (mock) API server the way GitOps would.
 */
public final class DeclarationFixture {
  private final String namespace;
  private final String cluster;
  private final String kind;
  private final String job;
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> extraData = new LinkedHashMap<>();

  private DeclarationFixture(String namespace, String cluster, String kind, String job) {
    this.namespace = namespace;
    this.cluster = cluster;
    this.kind = kind;
    this.job = job;
    fields.put("name", job);
    fields.put("kind", kind.equals(SessionJobs.DECLARATION_APPLICATION) ? "application" : "jar");
    fields.put("upgradeMode", "savepoint");
    fields.put("state", "running");
  }

  public static DeclarationFixture application(String namespace, String cluster) {
    return new DeclarationFixture(namespace, cluster, SessionJobs.DECLARATION_APPLICATION, cluster);
  }

  public static DeclarationFixture sessionJob(String namespace, String cluster, String job) {
    return new DeclarationFixture(namespace, cluster, SessionJobs.DECLARATION_SESSION_JOB, job);
  }

  /** Another data key of the ConfigMap (e.g. {@code autoscaler.yaml}, {@code statements.sql}). */
  public DeclarationFixture data(String key, String value) {
    extraData.put(key, value);
    return this;
  }

  public DeclarationFixture set(String field, Object value) {
    fields.put(field, String.valueOf(value));
    return this;
  }

  public String cluster() {
    return cluster;
  }

  public String namespace() {
    return namespace;
  }

  public String configMapName() {
    return kind.equals(SessionJobs.DECLARATION_APPLICATION) ? SessionJobs.runtimeConfigMap(cluster) : SessionJobs.configMap(cluster, job);
  }

  public String jobYaml() {
    StringBuilder yaml = new StringBuilder();
    fields.forEach((key, value) -> yaml.append(key).append(": ").append(value.matches("\\d+") ? "\"" + value + "\"" : value).append('\n'));
    return yaml.toString();
  }

  public ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(configMapName())
        .addToLabels(Labels.NAME, Labels.NAME_FLINK)
        .addToLabels(Labels.INSTANCE, cluster)
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK)
        .addToLabels(SessionJobs.LABEL_SESSION_CLUSTER, cluster)
        .addToLabels(SessionJobs.LABEL_DECLARATION, kind)
        .endMetadata()
        .addToData(SessionJobs.JOB_KEY, jobYaml())
        .addToData(extraData)
        .build();
  }

  /** Creates it, or replaces what is there (as {@code kubectl apply} of a changed manifest would). */
  public ConfigMapSnapshot apply(KubernetesClient client) {
    ConfigMap existing = client.configMaps().inNamespace(namespace).withName(configMapName()).get();
    ConfigMap desired = configMap();
    ConfigMap stored;
    if (existing == null) {
      stored = client.configMaps().inNamespace(namespace).resource(desired).create();
    } else {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      stored = client.configMaps().inNamespace(namespace).resource(desired).update();
    }
    return snapshot(stored);
  }

  public static ConfigMapSnapshot snapshot(ConfigMap configMap) {
    return new ConfigMapSnapshot(configMap.getMetadata().getNamespace(), configMap.getMetadata().getName(),
        configMap.getMetadata().getUid(), configMap.getMetadata().getResourceVersion(), configMap.getMetadata().getLabels(),
        configMap.getMetadata().getAnnotations(), configMap.getData());
  }
}
