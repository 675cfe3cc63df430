package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod inside a Kubernetes object: its spec and metadata with their pointers, wherever the object's kind
 * keeps them (a Pod itself, the pod template of a Deployment, the job template's pod template of a CronJob).
 */
final class PodSecurityPod {
  /** Where each workload kind keeps its pod spec, by API group (core is ""). */
  private static final Map<String, Map<String, String>> POD_SPECS = Map.of(
      "", Map.of(
          "Pod", "/spec",
          "ReplicationController", "/spec/template/spec",
          "PodTemplate", "/template/spec"),
      "apps", templated("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"),
      // Before apps/v1 these kinds lived in extensions; old manifests still say so.
      "extensions", templated("Deployment", "DaemonSet", "ReplicaSet"),
      "batch", Map.of(
          "Job", "/spec/template/spec",
          "CronJob", "/spec/jobTemplate/spec/template/spec"));

  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

  private final PodSecurityNode spec;
  private final PodSecurityNode metadata;

  private PodSecurityPod(PodSecurityNode spec, PodSecurityNode metadata) {
    this.spec = spec;
    this.metadata = metadata;
  }

  private static Map<String, String> templated(String... kinds) {
    Map<String, String> pointers = new HashMap<>();
    for (String kind : kinds) {
      pointers.put(kind, "/spec/template/spec");
    }
    return Map.copyOf(pointers);
  }

  /** The JSON pointer of the pod spec, when {@code object} is a workload kind that has one. */
  static Optional<String> podSpecPointer(JsonNode object) {
    if (object == null || !object.path("kind").isTextual() || !object.path("apiVersion").isTextual()) {
      return Optional.empty();
    }
    String apiVersion = object.get("apiVersion").textValue();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String pointer = POD_SPECS.getOrDefault(group, Map.of()).get(object.get("kind").textValue());
    return pointer != null && object.at(pointer).isObject() ? Optional.of(pointer) : Optional.empty();
  }

  static Optional<PodSecurityPod> of(JsonNode object) {
    return podSpecPointer(object).map(pointer -> {
      // A pod's metadata sits beside its spec: /metadata for a Pod, /spec/template/metadata for a template.
      String metadataPointer = pointer.substring(0, pointer.length() - "spec".length()) + "metadata";
      return new PodSecurityPod(new PodSecurityNode(pointer, object.at(pointer)),
          new PodSecurityNode(metadataPointer, object.at(metadataPointer)));
    });
  }

  PodSecurityNode spec() {
    return spec;
  }

  PodSecurityNode metadata() {
    return metadata;
  }

  /** The pod-level security context, whose settings containers inherit unless they set their own. */
  PodSecurityNode securityContext() {
    return spec.get("securityContext");
  }

  /** Every container: regular, init and ephemeral, in that order. */
  List<PodSecurityNode> containers() {
    List<PodSecurityNode> containers = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      containers.addAll(spec.get(list).items());
    }
    return containers;
  }

  /** The pod-level security context first, then each container's. */
  List<PodSecurityNode> securityContexts() {
    List<PodSecurityNode> contexts = new ArrayList<>();
    contexts.add(securityContext());
    containers().forEach(container -> contexts.add(container.get("securityContext")));
    return contexts;
  }

  /** Linux-only controls exempt pods that declare Windows, as the standard says since Kubernetes 1.25. */
  boolean isWindows() {
    return "windows".equals(spec.get("os", "name").text());
  }
}
