package io.flinkstack.stacks;

import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;

/**
 * A Kubernetes object registered under its provider type token ({@code kubernetes:<group>/<version>:<Kind>})
 * without a typed SDK class: the provider treats it exactly as it treats a typed one.
 */
public final class UntypedKubernetesResource extends CustomResource {
  UntypedKubernetesResource(String name, String type, UntypedKubernetesArgs args, CustomResourceOptions options) {
    super(type, name, args, options);
  }
}
