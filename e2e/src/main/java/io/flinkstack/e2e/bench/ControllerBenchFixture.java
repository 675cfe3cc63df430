package io.flinkstack.e2e.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.e2e.SequenceApplication;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects of one application for {@code bench controller}, and the spec change that asks it for a savepoint.
 *
 * <p>One application is synthesized through the constructs (cdk8s: seconds per application), under the cluster name
 * {@link #TEMPLATE}; every application of the bench is a copy of it with that name replaced everywhere it occurs
 * (object names, labels, selectors, the FlinkJob's spec, volume and Service references). The name is
 * a token that occurs nowhere else in the manifests, so a textual replacement on each object's JSON is complete.
 * Then, per StatefulSet, its pods, Running and Ready, and the StatefulSet's status as its controller would write it
 * (every replica ready, current revision = update revision), so the runtime controller sees settled clusters.
 *
 * <p>Only the kinds the controller watches or reads are kept ({@link #KINDS}: the FlinkJob, the Flink configuration
 * ConfigMap, the StatefulSets, and the pods made here); the Services, RBAC objects, PodDisruptionBudget and
 * NetworkPolicy of the application are left out. The controller never asks for them, and fabric8's CRUD mock scans
 * every stored object on each request (a real API server reads by key), so at 1000 applications they only slowed
 * the mock: 16 objects per application before, 7 now.
 *
 * <p>Everything that depends on how the controller finds applications (a FlinkJob, its {@code
 * savepointTriggerNonce}) is in {@link #objects} and {@link #requestSavepoint}.
 */
public final class ControllerBenchFixture {
  /** The cluster name of the synthesized application that every copy renames. */
  public static final String TEMPLATE = "benchtemplate";
  /** The nonce every declaration starts with (the controller records the first one it sees and takes nothing). */
  public static final long FIRST_NONCE = 1;
  private static final String REVISION = "5d8f9c7b6";
  /** The synthesized kinds kept: those the controller has informers for or reads (its FlinkJob's cluster configuration). */
  public static final Set<String> KINDS = Set.of("FlinkJob", "ConfigMap", "StatefulSet");

  private final String namespace;
  private final List<String> template;
  private final KubernetesSerialization json = new KubernetesSerialization();

  private ControllerBenchFixture(String namespace, List<String> template) {
    this.namespace = namespace;
    this.template = template;
  }

  /** Synthesizes the template application (a few seconds: the constructs run in cdk8s). */
  public static ControllerBenchFixture synthesize(String namespace) {
    String yaml = SequenceApplication.of(TEMPLATE, namespace, Path.of("/nonexistent/flinkstack-bench-controller"))
        .withSavepointNonce(FIRST_NONCE).synthesize();
    return fromManifests(namespace, yaml);
  }

  /** A fixture from manifests (multi-document YAML) of an application named {@link #TEMPLATE}. */
  public static ControllerBenchFixture fromManifests(String namespace, String yaml) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    Object parsed = serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    List<?> objects = parsed instanceof List<?> list ? list
        : parsed instanceof KubernetesList list ? list.getItems() : List.of(parsed);
    List<String> template = new ArrayList<>();
    for (Object object : objects) {
      if (object instanceof HasMetadata resource && resource.getMetadata() != null && KINDS.contains(resource.getKind())) {
        template.add(serialization.asJson(resource));
      }
    }
    if (template.stream().noneMatch(object -> object.contains(TEMPLATE))) {
      throw new IllegalArgumentException("the manifests hold no object of an application named " + TEMPLATE);
    }
    return new ControllerBenchFixture(namespace, List.copyOf(template));
  }

  /** The cluster name of application {@code index} (0-based): {@code app-00000}, {@code app-00001}, … */
  public static String cluster(int index) {
    return String.format("app-%05d", index);
  }

  /**
   * Every object of the application {@code cluster}: the synthesized ones renamed, with a status where a controller
   * would have written one, and the pods of its StatefulSets.
   */
  public List<HasMetadata> objects(String cluster) {
    if (!cluster.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || cluster.contains(TEMPLATE)) {
      throw new IllegalArgumentException("not a usable cluster name: " + cluster);
    }
    List<HasMetadata> objects = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    for (String object : template) {
      HasMetadata copy = json.unmarshal(object.replace(TEMPLATE, cluster));
      copy.getMetadata().setNamespace(namespace);
      if (copy instanceof StatefulSet set) {
        settle(set);
        pods.addAll(pods(set));
      }
      objects.add(copy);
    }
    objects.addAll(pods);
    return objects;
  }

  /** Creates the objects of application {@code cluster} (status included: the mock API server stores it as sent). */
  public void load(KubernetesClient client, String cluster) {
    for (HasMetadata object : objects(cluster)) {
      client.resource(object).inNamespace(namespace).create();
    }
  }

  /** The name of the FlinkJob of {@code cluster} (an application cluster's job is named after it). */
  public static String declaration(String cluster) {
    return cluster;
  }

  /**
   * The spec change measured: the application's {@code spec.savepointTriggerNonce} set to {@code nonce}, one JSON
   * merge patch of its FlinkJob (what {@code kubectl patch --type merge} sends; one request, where a read and an update
   * would take the mock two scans).
   *
   * @return {@link System#nanoTime()} just before the write was sent: where the measured delay starts
   */
  public long requestSavepoint(KubernetesClient client, String cluster, long nonce) {
    var job = client.resources(FlinkJob.class).inNamespace(namespace).withName(declaration(cluster));
    long written = System.nanoTime();
    FlinkJob patched = job.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"savepointTriggerNonce\":" + nonce + "}}");
    if (patched == null || patched.getSpec().savepointTriggerNonce == null || patched.getSpec().savepointTriggerNonce != nonce) {
      throw new IllegalStateException("FlinkJob " + namespace + "/" + declaration(cluster) + " was not patched to nonce " + nonce);
    }
    return written;
  }

  private static void settle(StatefulSet set) {
    int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    String revision = set.getMetadata().getName() + "-" + REVISION;
    set.getMetadata().setGeneration(1L);
    set.setStatus(new StatefulSetStatusBuilder()
        .withReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withCurrentReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withCurrentRevision(revision)
        .withUpdateRevision(revision)
        .withObservedGeneration(1L)
        .build());
  }

  /** The pods a StatefulSet controller would have made: its template's labels, the revision, Running and Ready. */
  static List<Pod> pods(StatefulSet set) {
    int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    String name = set.getMetadata().getName();
    List<Pod> pods = new ArrayList<>();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      String pod = name + "-" + ordinal;
      Map<String, String> labels = new LinkedHashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
      labels.put(PodSnapshot.REVISION_LABEL, name + "-" + REVISION);
      labels.put("statefulset.kubernetes.io/pod-name", pod);
      pods.add(new PodBuilder()
          .withNewMetadata()
          .withName(pod)
          .withNamespace(set.getMetadata().getNamespace())
          .withLabels(labels)
          .addNewOwnerReference()
          .withApiVersion("apps/v1").withKind("StatefulSet").withName(name).withUid(name + "-uid").withController(true)
          .endOwnerReference()
          .endMetadata()
          .withSpec(set.getSpec().getTemplate().getSpec())
          .withNewStatus()
          .withPhase("Running")
          .addNewCondition().withType("Ready").withStatus("True").endCondition()
          .addNewCondition().withType("ContainersReady").withStatus("True").endCondition()
          .withPodIP("127.0.0.1")
          .endStatus()
          .build());
    }
    return pods;
  }
}
