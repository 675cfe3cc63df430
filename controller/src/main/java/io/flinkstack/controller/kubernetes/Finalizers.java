package io.flinkstack.controller.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The controller's finalizers on its custom resources: whether one is there, and a copy with it put on or taken off. */
public final class Finalizers {
  private static final KubernetesSerialization COPIES = new KubernetesSerialization();

  private Finalizers() {}

  public static boolean has(HasMetadata object, String finalizer) {
    List<String> finalizers = object.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(finalizer);
  }

  /** A copy of {@code object} (never the informer cache's own) with {@code finalizer} on or off, the others kept. */
  public static <T extends HasMetadata> T with(T object, String finalizer, boolean present) {
    T copy = COPIES.clone(object);
    List<String> finalizers = new ArrayList<>(Optional.ofNullable(copy.getMetadata().getFinalizers()).orElse(List.of()));
    finalizers.remove(finalizer);
    if (present) {
      finalizers.add(finalizer);
    }
    copy.getMetadata().setFinalizers(finalizers);
    return copy;
  }
}
