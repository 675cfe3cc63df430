package io.flinkstack.controller.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.RuntimeStatuses;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.status.StatusYaml;
import java.util.Comparator;
import java.util.List;

/** What a person would read with kubectl: a declaration's status ConfigMap and the Events about it. */
public final class KubernetesReads {
  private KubernetesReads() {}

  public static ConfigMap statusConfigMap(KubernetesClient client, DeclarationFixture declaration) {
    String name = declaration.configMapName().equals(SessionJobs.runtimeConfigMap(declaration.cluster()))
        ? RuntimeStatuses.applicationConfigMap(declaration.cluster())
        : declaration.configMapName() + "-status";
    return client.configMaps().inNamespace(declaration.namespace()).withName(name).get();
  }

  /** The stored status; null when there is none. */
  public static RuntimeStatus status(KubernetesClient client, DeclarationFixture declaration) {
    ConfigMap configMap = statusConfigMap(client, declaration);
    return configMap == null ? null : StatusYaml.read(configMap.getData().get(RuntimeStatuses.STATUS_KEY));
  }

  /** Events about the declaration, oldest first, as {@code Type/Reason: message}. */
  public static List<String> events(KubernetesClient client, DeclarationFixture declaration) {
    return client.v1().events().inNamespace(declaration.namespace()).list().getItems().stream()
        .filter(event -> event.getInvolvedObject().getName().equals(declaration.configMapName()))
        .sorted(Comparator.comparing((Event event) -> event.getMetadata().getCreationTimestamp())
            .thenComparing(event -> Long.parseLong(event.getMetadata().getResourceVersion())))
        .map(event -> event.getType() + "/" + event.getReason() + ": " + event.getMessage())
        .toList();
  }

  /** Only the {@code Type/Reason} of {@link #events}. */
  public static List<String> eventReasons(KubernetesClient client, DeclarationFixture declaration) {
    return events(client, declaration).stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
  }
}
