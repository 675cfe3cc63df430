package io.flinkstack.stacks;

import com.pulumi.kubernetes.Utilities;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import io.flinkstack.constructs.synth.SynthesizedObject;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/** Registers one Kubernetes object as a Pulumi resource, typed when the SDK can carry every field of it. */
final class KubernetesResourceFactory {
  private KubernetesResourceFactory() {}

  static DeployedObject register(SynthesizedObject object, String resourceName, CustomResourceOptions options) {
    Optional<KubernetesTypes.TypedKind> typed = KubernetesTypes.typed(object.apiVersion(), object.kind());
    String untypedBecause = null;
    if (typed.isPresent()) {
      try {
        // The synthesized tree: for a construct's object, its fabric8 object's own JSON (SynthesizedObject#typed).
        Object args = ArgsBinder.bind(object.body(), typed.get().argsClass());
        return new DeployedObject(object, construct(typed.get(), resourceName, args, options), null);
      } catch (UnbindableFieldException e) {
        untypedBecause = e.getMessage();
      }
    }
    try {
      // Typed resources ask for the provider version of the SDK they come from; untyped ones must too, or
      // the engine could pick another installed kubernetes plugin for them.
      CustomResourceOptions versioned =
          CustomResourceOptions.merge(options, CustomResourceOptions.builder().version(Utilities.getVersion()).build());
      String token = KubernetesTypes.token(object.apiVersion(), object.kind());
      UntypedKubernetesResource resource =
          new UntypedKubernetesResource(resourceName, token, UntypedKubernetesArgs.of(object), versioned);
      return new DeployedObject(object, resource, untypedBecause);
    } catch (UnbindableFieldException e) {
      throw new IllegalArgumentException(object.describe() + ": " + e.getMessage()
          + (untypedBecause == null ? "" : "; and typed: " + untypedBecause));
    }
  }

  private static CustomResource construct(
      KubernetesTypes.TypedKind typed, String resourceName, Object args, CustomResourceOptions options) {
    try {
      return typed.constructor().newInstance(resourceName, args, options);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + typed.constructor().getDeclaringClass().getName(), e);
    }
  }
}
