package io.flinkstack.controller.app;

import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesEvent;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatefulSetSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A gateway whose "all namespaces" means the given ones: how several {@code --namespace} flags reach a
 * {@link io.flinkstack.controller.reconcile.ControllerLoop}, which watches one namespace or all. The list is
 * one LIST per namespace, so the controller needs no cluster-wide read permission.
 */
final class NamespacesGateway implements KubernetesGateway {
  private final KubernetesGateway delegate;
  private final List<String> namespaces;

  NamespacesGateway(KubernetesGateway delegate, List<String> namespaces) {
    this.delegate = delegate;
    this.namespaces = List.copyOf(namespaces);
  }

  @Override
  public List<ConfigMapSnapshot> listDeclarations(Optional<String> namespace) {
    if (namespace.isPresent()) {
      return delegate.listDeclarations(namespace);
    }
    List<ConfigMapSnapshot> all = new ArrayList<>();
    for (String each : namespaces) {
      all.addAll(delegate.listDeclarations(Optional.of(each)));
    }
    return all;
  }

  @Override
  public Optional<ConfigMapSnapshot> readStatus(String namespace, String name) {
    return delegate.readStatus(namespace, name);
  }

  @Override
  public ConfigMapSnapshot writeStatus(ConfigMapSnapshot status) {
    return delegate.writeStatus(status);
  }

  @Override
  public void recordEvent(KubernetesEvent event) {
    delegate.recordEvent(event);
  }

  @Override
  public Optional<StatefulSetSnapshot> statefulSet(String namespace, String name) {
    return delegate.statefulSet(namespace, name);
  }

  @Override
  public boolean deletePod(String namespace, String name) {
    return delegate.deletePod(namespace, name);
  }
}
