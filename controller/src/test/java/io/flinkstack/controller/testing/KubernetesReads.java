package io.flinkstack.controller.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.status.RuntimeStatusJson;
import java.util.Comparator;
import java.util.List;

/** What a person would read with kubectl: a FlinkJob's status and the Events about it. */
public final class KubernetesReads {
  private KubernetesReads() {}

  /** The controller's record ({@code status.runtime}); null when there is none. */
  public static RuntimeStatus status(KubernetesClient client, DeclarationFixture declaration) {
    FlinkJob job = declaration.read(client);
    return job == null || job.getStatus() == null || job.getStatus().runtime == null ? null
        : RuntimeStatusJson.read(job.getStatus().runtime);
  }

  /** Events about the FlinkJob, oldest first, as {@code Type/Reason: message}. */
  public static List<String> events(KubernetesClient client, DeclarationFixture declaration) {
    return client.v1().events().inNamespace(declaration.namespace()).list().getItems().stream()
        .filter(event -> event.getInvolvedObject().getName().equals(declaration.name())
            && "FlinkJob".equals(event.getInvolvedObject().getKind()))
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
