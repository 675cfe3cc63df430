package io.flinkstack.controller.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobSpec;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.declaration.InvalidDeclarationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code FlinkJob} as the constructs synthesize it (an application cluster's job named after the cluster, a session
 * job named after the job, the cluster labels), created or changed in the (mock) API server the way GitOps would.
 * Its CRDs are installed first ({@link CustomResources}).
 */
public final class DeclarationFixture {
  /** Reads the spec as the API server would: YAML with the CRD's field names and wire spellings. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String namespace;
  private final String cluster;
  private final boolean application;
  private final String job;
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private DeclarationFixture(String namespace, String cluster, boolean application, String job) {
    this.namespace = namespace;
    this.cluster = cluster;
    this.application = application;
    this.job = job;
    fields.put("cluster", cluster);
    fields.put("kind", application ? "application" : "jar");
    fields.put("upgradeMode", "savepoint");
    fields.put("state", "running");
  }

  public static DeclarationFixture application(String namespace, String cluster) {
    return new DeclarationFixture(namespace, cluster, true, cluster);
  }

  public static DeclarationFixture sessionJob(String namespace, String cluster, String job) {
    return new DeclarationFixture(namespace, cluster, false, job);
  }

  /** The job's autoscaler, as the YAML of {@code spec.autoscaler}. */
  public DeclarationFixture autoscaler(String yaml) {
    try {
      fields.put("autoscaler", YAML.readValue(yaml, Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * A spec field; a short text of digits is a number, as {@code kubectl apply} of {@code field: 3} would send (a
   * digest of 64 digits stays text).
   */
  public DeclarationFixture set(String field, Object value) {
    if (value instanceof String text && text.matches("\\d{1,18}")) {
      fields.put(field, Long.parseLong(text));
    } else if (value == null) {
      fields.remove(field);
    } else {
      fields.put(field, value);
    }
    return this;
  }

  public String cluster() {
    return cluster;
  }

  public String namespace() {
    return namespace;
  }

  /** The FlinkJob's name: the cluster's for an application cluster, the job's for a session job. */
  public String name() {
    return application ? cluster : job;
  }

  public FlinkJob resource() {
    FlinkJob resource = new FlinkJob();
    resource.setMetadata(new ObjectMetaBuilder()
        .withNamespace(namespace)
        .withName(name())
        .addToLabels(Labels.NAME, Labels.NAME_FLINK)
        .addToLabels(Labels.INSTANCE, cluster)
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK)
        .addToLabels(SessionJobs.LABEL_SESSION_CLUSTER, cluster)
        .build());
    resource.setSpec(YAML.convertValue(fields, FlinkJobSpec.class));
    return resource;
  }

  /** Creates it, or replaces its spec (as {@code kubectl apply} of a changed manifest would); the status stays. */
  public FlinkJob apply(KubernetesClient client) {
    CustomResources.install(client);
    var jobs = client.resources(FlinkJob.class).inNamespace(namespace);
    FlinkJob existing = jobs.withName(name()).get();
    FlinkJob desired = resource();
    if (existing == null) {
      return jobs.resource(desired).create();
    }
    existing.setSpec(desired.getSpec());
    existing.getMetadata().setLabels(desired.getMetadata().getLabels());
    return jobs.resource(existing).update();
  }

  /**
   * Applies it and reads it back as the controller's reader does, for tests that drive a transition with a declaration
   * read from the API server (resource version, uid and all) rather than built by hand.
   */
  public Declaration declaration(KubernetesClient client) {
    FlinkJob resource = apply(client);
    DeclarationReader reader = new DeclarationReader(10);
    try {
      return reader.read(reader.identify(resource), resource);
    } catch (InvalidDeclarationException e) {
      throw new AssertionError("the fixture is not a valid declaration: " + e.getMessage(), e);
    }
  }

  /** As stored now. */
  public FlinkJob read(KubernetesClient client) {
    return client.resources(FlinkJob.class).inNamespace(namespace).withName(name()).get();
  }
}
