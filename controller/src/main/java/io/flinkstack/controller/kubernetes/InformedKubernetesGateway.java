package io.flinkstack.controller.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@link KubernetesGateway} of a running controller: FlinkJobs and FlinkSnapshots, and the StatefulSets and pods of flinkstack's
 * clusters (label {@code app.kubernetes.io/name=flink}), are read from fabric8's shared informers (one LIST and one WATCH
 * per kind and namespace), so that a controller at rest makes no request per application; every write, and every read
 * of anything else, goes to the API server through {@link Fabric8KubernetesGateway}.
 *
 * <p>An informer's cache lags behind the controller's own writes. A decision made on a cache that does not show the
 * controller's last write yet could repeat that write (delete a pod twice, the second time its replacement) or lose a
 * status race it cannot see, so after each write the object is read from the API server until the cache shows that
 * write: a FlinkJob or StatefulSet until the cache holds the resource version written (or a newer one another writer
 * made, which the API server's answer then names); the pods of a namespace while the cache still holds a pod the
 * controller deleted (same uid). These are the "expectations" Kubernetes' own controllers keep for the same reason.
 *
 * <p>{@link #onChange} tells which FlinkJob to look at: the FlinkJob itself changed, one of its FlinkSnapshots did
 * ({@code spec.job}), or a StatefulSet or pod of its cluster did (label {@code app.kubernetes.io/instance}). Informers replay every object when they (re)connect; a
 * listener must take a key twice without harm (the work queue folds them).
 */
public final class InformedKubernetesGateway implements KubernetesGateway, AutoCloseable {
  private static final String BY_CLUSTER = "namespace/cluster";
  private static final String BY_JOB = "namespace/job";

  private final KubernetesClient client;
  private final Fabric8KubernetesGateway direct;
  private final List<SharedIndexInformer<FlinkJob>> jobs = new ArrayList<>();
  private final List<SharedIndexInformer<FlinkSnapshot>> snapshots = new ArrayList<>();
  private final List<SharedIndexInformer<StatefulSet>> statefulSets = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  // namespace/name → the resource version this controller wrote, until the cache shows it.
  private final Map<String, String> awaitedJobVersions = new ConcurrentHashMap<>();
  private final Map<String, String> awaitedSnapshotVersions = new ConcurrentHashMap<>();
  private final Map<String, String> awaitedStatefulSetVersions = new ConcurrentHashMap<>();
  // namespace/name → the uid of a pod this controller deleted, until the cache no longer holds that pod.
  private final Map<String, String> deletedPods = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** @param namespaces the namespaces to inform on (a LIST and a WATCH each), or none for all namespaces */
  public InformedKubernetesGateway(KubernetesClient client, List<String> namespaces) {
    this.client = client;
    this.direct = new Fabric8KubernetesGateway(client);
    List<String> scopes = namespaces.isEmpty() ? java.util.Collections.singletonList(null) : namespaces;
    for (String namespace : scopes) {
      var jobOps = client.resources(FlinkJob.class);
      SharedIndexInformer<FlinkJob> jobInformer = (namespace == null ? jobOps.inAnyNamespace() : jobOps.inNamespace(namespace))
          .runnableInformer(0);
      jobInformer.addIndexers(Map.of(BY_CLUSTER, job -> job.getSpec() == null || job.getSpec().cluster == null ? List.of()
          : List.of(job.getMetadata().getNamespace() + "/" + job.getSpec().cluster)));
      jobInformer.addEventHandler(handler(job -> fire(key(job))));
      jobs.add(jobInformer);

      var snapshotOps = client.resources(FlinkSnapshot.class);
      SharedIndexInformer<FlinkSnapshot> snapshotInformer =
          (namespace == null ? snapshotOps.inAnyNamespace() : snapshotOps.inNamespace(namespace)).runnableInformer(0);
      snapshotInformer.addIndexers(Map.of(BY_JOB, snapshot -> jobKey(snapshot).map(List::of).orElse(List.of())));
      snapshotInformer.addEventHandler(handler(snapshot -> jobKey(snapshot).ifPresent(this::fire)));
      snapshots.add(snapshotInformer);

      var setOps = client.apps().statefulSets();
      SharedIndexInformer<StatefulSet> setInformer = (namespace == null ? setOps.inAnyNamespace() : setOps.inNamespace(namespace))
          .withLabel(Labels.NAME, Labels.NAME_FLINK).runnableInformer(0);
      setInformer.addEventHandler(handler(this::fireCluster));
      statefulSets.add(setInformer);

      var podOps = client.pods();
      SharedIndexInformer<Pod> podInformer = (namespace == null ? podOps.inAnyNamespace() : podOps.inNamespace(namespace))
          .withLabel(Labels.NAME, Labels.NAME_FLINK).runnableInformer(0);
      podInformer.addEventHandler(handler(this::fireCluster));
      pods.add(podInformer);
    }
  }

  /**
   * Starts every informer and waits until each has listed (its cache is complete).
   *
   * @throws KubernetesGatewayException when one cannot list within {@code timeout} (no rights, no CRD, no API server)
   */
  public void start(Duration timeout) {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (SharedIndexInformer<?> informer : informers()) {
      started.add(informer.start().toCompletableFuture());
    }
    try {
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KubernetesGatewayException("cannot start the informers: " + e.getCause().getMessage(), 0, e.getCause());
    } catch (TimeoutException e) {
      throw new KubernetesGatewayException("the informers did not list within " + timeout, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesGatewayException("interrupted while starting the informers", 0, e);
    }
  }

  /**
   * Calls {@code listener} with the key ({@code namespace/name}) of each FlinkJob to look at again, on an informer's
   * thread (it must not block).
   *
   * @return what stops the calls
   */
  public Runnable onChange(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    informers().forEach(SharedIndexInformer::stop);
  }

  private List<SharedIndexInformer<?>> informers() {
    List<SharedIndexInformer<?>> all = new ArrayList<>();
    all.addAll(jobs);
    all.addAll(snapshots);
    all.addAll(statefulSets);
    all.addAll(pods);
    return all;
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        changed.accept(object);
      }

      @Override
      public void onUpdate(T before, T after) {
        changed.accept(after);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        changed.accept(object);
      }
    };
  }

  private void fire(String key) {
    listeners.forEach(listener -> listener.accept(key));
  }

  /** The FlinkJobs of the cluster a StatefulSet or pod belongs to. */
  private void fireCluster(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String cluster = labels == null ? null : labels.get(Labels.INSTANCE);
    if (cluster == null) {
      return;
    }
    String index = object.getMetadata().getNamespace() + "/" + cluster;
    for (SharedIndexInformer<FlinkJob> informer : jobs) {
      informer.getIndexer().byIndex(BY_CLUSTER, index).forEach(job -> fire(key(job)));
    }
  }

  /** {@code namespace/job} of the FlinkJob a snapshot names. */
  private static Optional<String> jobKey(FlinkSnapshot snapshot) {
    return snapshot.getSpec() == null || snapshot.getSpec().job == null ? Optional.empty()
        : Optional.of(snapshot.getMetadata().getNamespace() + "/" + snapshot.getSpec().job);
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static <T> T cached(List<SharedIndexInformer<T>> informers, String key) {
    for (SharedIndexInformer<T> informer : informers) {
      T found = informer.getStore().getByKey(key);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  // ---- FlinkJobs --------------------------------------------------------------------------------

  @Override
  public List<FlinkJob> listFlinkJobs(Optional<String> namespace) {
    List<FlinkJob> listed = new ArrayList<>();
    for (SharedIndexInformer<FlinkJob> informer : jobs) {
      for (FlinkJob job : informer.getStore().list()) {
        if (namespace.isEmpty() || namespace.get().equals(job.getMetadata().getNamespace())) {
          listed.add(awaitedJobVersions.containsKey(key(job))
              ? flinkJob(job.getMetadata().getNamespace(), job.getMetadata().getName()).orElse(job) : job);
        }
      }
    }
    listed.sort(Comparator.comparing((FlinkJob j) -> j.getMetadata().getNamespace()).thenComparing(j -> j.getMetadata().getName()));
    return listed;
  }

  @Override
  public Optional<FlinkJob> flinkJob(String namespace, String name) {
    String key = namespace + "/" + name;
    return Optional.ofNullable(current(awaitedJobVersions, key, cached(jobs, key),
        () -> direct.flinkJob(namespace, name).orElse(null)));
  }

  /**
   * The cached object, unless this controller awaits a version of it the cache does not show yet: then the API
   * server's, whose version is what the cache must show next (the one written, or a newer one someone else wrote).
   */
  private static <T extends HasMetadata> T current(Map<String, String> awaitedVersions, String key, T cached,
      java.util.function.Supplier<T> fresh) {
    String awaited = awaitedVersions.get(key);
    if (awaited == null) {
      return cached;
    }
    if (cached != null && awaited.equals(cached.getMetadata().getResourceVersion())) {
      awaitedVersions.remove(key, awaited);
      return cached;
    }
    T read = fresh.get();
    await(awaitedVersions, key, read);
    return read;
  }

  /** Reads of {@code key} bypass the cache until it shows {@code written}'s version (null: it is gone, nothing to await). */
  private static void await(Map<String, String> awaitedVersions, String key, HasMetadata written) {
    if (written == null) {
      awaitedVersions.remove(key);
    } else {
      awaitedVersions.put(key, written.getMetadata().getResourceVersion());
    }
  }

  @Override
  public FlinkJob writeFlinkJobStatus(FlinkJob job) {
    FlinkJob written = direct.writeFlinkJobStatus(job);
    await(awaitedJobVersions, key(written), written);
    return written;
  }

  @Override
  public FlinkJob updateFlinkJob(FlinkJob job) {
    FlinkJob written = direct.updateFlinkJob(job);
    await(awaitedJobVersions, key(job), written);
    return written;
  }

  // ---- FlinkSnapshots ------------------------------------------------------------------------------

  @Override
  public List<FlinkSnapshot> flinkSnapshots(String namespace, String job) {
    List<FlinkSnapshot> found = new ArrayList<>();
    for (SharedIndexInformer<FlinkSnapshot> informer : snapshots) {
      for (FlinkSnapshot cached : informer.getIndexer().byIndex(BY_JOB, namespace + "/" + job)) {
        String key = key(cached);
        FlinkSnapshot current = current(awaitedSnapshotVersions, key, cached,
            () -> direct.flinkSnapshot(namespace, cached.getMetadata().getName()));
        if (current != null) {
          found.add(current);
        }
      }
    }
    return Fabric8KubernetesGateway.ofJob(found, job);
  }

  @Override
  public FlinkSnapshot writeFlinkSnapshotStatus(FlinkSnapshot snapshot) {
    FlinkSnapshot written = direct.writeFlinkSnapshotStatus(snapshot);
    await(awaitedSnapshotVersions, key(written), written);
    return written;
  }

  @Override
  public FlinkSnapshot createFlinkSnapshot(FlinkSnapshot snapshot) {
    FlinkSnapshot created = direct.createFlinkSnapshot(snapshot);
    await(awaitedSnapshotVersions, key(created), created);
    return created;
  }

  /** Direct; the informer sees the object go with its watch (a pass before that finds it due again, and gets false). */
  @Override
  public boolean deleteFlinkSnapshot(String namespace, String name) {
    return direct.deleteFlinkSnapshot(namespace, name);
  }

  @Override
  public FlinkSnapshot updateFlinkSnapshot(FlinkSnapshot snapshot) {
    FlinkSnapshot written = direct.updateFlinkSnapshot(snapshot);
    // null: the update took the last finalizer off an object marked for deletion, and it went.
    await(awaitedSnapshotVersions, key(snapshot), written);
    return written;
  }

  // ---- StatefulSets and pods ------------------------------------------------------------------

  @Override
  public Optional<StatefulSetSnapshot> statefulSet(String namespace, String name) {
    String key = namespace + "/" + name;
    boolean awaited = awaitedStatefulSetVersions.containsKey(key);
    StatefulSet found = current(awaitedStatefulSetVersions, key, cached(statefulSets, key),
        () -> freshStatefulSet(namespace, name));
    if (found == null && !awaited) {
      // Not flinkstack's (no name=flink label), or absent: the API server says which.
      return direct.statefulSet(namespace, name);
    }
    return Optional.ofNullable(found).map(Fabric8KubernetesGateway::snapshot);
  }

  private StatefulSet freshStatefulSet(String namespace, String name) {
    try {
      return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    } catch (RuntimeException e) {
      throw new KubernetesGatewayException("read StatefulSet " + namespace + "/" + name + ": " + e.getMessage(), 0, e);
    }
  }

  @Override
  public void scaleStatefulSet(String namespace, String name, int replicas) {
    direct.scaleStatefulSet(namespace, name, replicas);
    await(awaitedStatefulSetVersions, namespace + "/" + name, freshStatefulSet(namespace, name));
  }

  @Override
  public void setPartition(String namespace, String name, int partition) {
    direct.setPartition(namespace, name, partition);
    await(awaitedStatefulSetVersions, namespace + "/" + name, freshStatefulSet(namespace, name));
  }

  @Override
  public List<PodSnapshot> pods(String namespace, Map<String, String> labels) {
    if (!Labels.NAME_FLINK.equals(labels.get(Labels.NAME)) || awaitsDeletion(namespace)) {
      return direct.pods(namespace, labels);
    }
    List<PodSnapshot> found = new ArrayList<>();
    for (SharedIndexInformer<Pod> informer : pods) {
      for (Pod pod : informer.getStore().list()) {
        Map<String, String> podLabels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        if (namespace.equals(pod.getMetadata().getNamespace())
            && labels.entrySet().stream().allMatch(label -> label.getValue().equals(podLabels.get(label.getKey())))) {
          found.add(Fabric8KubernetesGateway.snapshot(pod));
        }
      }
    }
    found.sort(Comparator.comparing(PodSnapshot::name));
    return found;
  }

  /** Whether the cache still holds a pod of {@code namespace} this controller deleted; forgets those it no longer holds. */
  private boolean awaitsDeletion(String namespace) {
    boolean waiting = false;
    for (Map.Entry<String, String> deleted : List.copyOf(deletedPods.entrySet())) {
      if (!deleted.getKey().startsWith(namespace + "/")) {
        continue;
      }
      Pod cached = cached(pods, deleted.getKey());
      if (cached != null && Objects.equals(cached.getMetadata().getUid(), deleted.getValue())) {
        waiting = true;
      } else {
        deletedPods.remove(deleted.getKey(), deleted.getValue());
      }
    }
    return waiting;
  }

  @Override
  public boolean deletePod(String namespace, String name) {
    String key = namespace + "/" + name;
    Pod cached = cached(pods, key);
    if (cached != null) {
      deletedPods.put(key, cached.getMetadata().getUid());
    }
    return direct.deletePod(namespace, name);
  }

  @Override
  public boolean markVerified(String namespace, String name, String message) {
    return direct.markVerified(namespace, name, message);
  }

  // ---- everything else: the API server ---------------------------------------------------------

  @Override
  public void recordEvent(KubernetesEvent event) {
    direct.recordEvent(event);
  }

  /** Not informed: Secrets are read when a jar is fetched, never watched or kept (see {@link KubernetesGateway#secretData}). */
  @Override
  public Optional<Map<String, byte[]>> secretData(String namespace, String name) {
    return direct.secretData(namespace, name);
  }

  @Override
  public Optional<ConfigMapSnapshot> configMap(String namespace, String name) {
    return direct.configMap(namespace, name);
  }

  @Override
  public ConfigMapSnapshot putConfigMap(ConfigMapSnapshot configMap) {
    return direct.putConfigMap(configMap);
  }

  @Override
  public List<String> deleteConfigMaps(String namespace, Map<String, String> labels) {
    return direct.deleteConfigMaps(namespace, labels);
  }
}
