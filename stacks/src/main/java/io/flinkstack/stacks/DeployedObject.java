package io.flinkstack.stacks;

import com.pulumi.resources.CustomResource;
import io.flinkstack.constructs.synth.SynthesizedObject;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A synthesized object and the Pulumi resource it was registered as.
 *
 * @param object the object as synthesis handed it over: its JSON, the fabric8 object its construct built, its tier
 *     and whether an autoscaler owns its replicas
 * @param resource a typed SDK resource (e.g. {@code com.pulumi.kubernetes.apps.v1.StatefulSet}) or an
 *     {@link UntypedKubernetesResource}
 * @param untypedBecause why a kind the SDK has a class for was registered untyped (a field its args
 *     cannot carry); null when typed, or when the SDK has no class for the kind
 */
public record DeployedObject(SynthesizedObject object, CustomResource resource, @Nullable String untypedBecause) {

  public Optional<String> untypedReason() {
    return Optional.ofNullable(untypedBecause);
  }
}
