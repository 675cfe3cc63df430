package io.flinkstack.stacks;

import com.pulumi.resources.CustomResource;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A synthesized object and the Pulumi resource it was registered as.
 *
 * @param resource a typed SDK resource (e.g. {@code com.pulumi.kubernetes.apps.v1.StatefulSet}) or an
 *     {@link UntypedKubernetesResource}
 * @param untypedBecause why a kind the SDK has a class for was registered untyped (a field its args
 *     cannot carry); null when typed, or when the SDK has no class for the kind
 */
public record DeployedObject(KubernetesObject object, CustomResource resource, @Nullable String untypedBecause) {

  public Optional<String> untypedReason() {
    return Optional.ofNullable(untypedBecause);
  }
}
