package io.flinkstack.stacks;

import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import java.lang.reflect.Constructor;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Where a Kubernetes apiVersion/kind lives in Pulumi: its type token and, if the SDK has one, its typed class. */
final class KubernetesTypes {
  private static final String SDK_PACKAGE = "com.pulumi.kubernetes.";
  private static final Pattern VERSION = Pattern.compile("v[0-9]+(?:(?:alpha|beta)[0-9]+)?");
  private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final ConcurrentHashMap<String, Optional<TypedKind>> CACHE = new ConcurrentHashMap<>();

  private KubernetesTypes() {}

  /** The resource's constructor {@code (name, args, options)} and the class of its args. */
  record TypedKind(Constructor<? extends CustomResource> constructor, Class<? extends ResourceArgs> argsClass) {}

  /**
   * The provider's type token, {@code kubernetes:<group>/<version>:<Kind>} with {@code core} for the core
   * group: the same token the SDK's typed classes register, and the one the provider accepts for custom
   * resources.
   */
  static String token(String apiVersion, String kind) {
    return "kubernetes:" + (apiVersion.contains("/") ? apiVersion : "core/" + apiVersion) + ":" + kind;
  }

  /** The SDK's typed class for this kind, if com.pulumi:kubernetes has one. */
  static Optional<TypedKind> typed(String apiVersion, String kind) {
    return CACHE.computeIfAbsent(apiVersion + " " + kind, key -> lookUp(apiVersion, kind));
  }

  private static Optional<TypedKind> lookUp(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    Optional<String> sdkPackage = sdkPackage(group);
    if (sdkPackage.isEmpty() || !VERSION.matcher(version).matches() || !KIND.matcher(kind).matches()) {
      return Optional.empty();
    }
    String prefix = SDK_PACKAGE + sdkPackage.get() + "." + version + ".";
    try {
      Class<?> resource = Class.forName(prefix + kind);
      Class<?> args = Class.forName(prefix + kind + "Args");
      if (!CustomResource.class.isAssignableFrom(resource) || !ResourceArgs.class.isAssignableFrom(args)) {
        return Optional.empty();
      }
      @SuppressWarnings("unchecked")
      Constructor<? extends CustomResource> constructor = (Constructor<? extends CustomResource>)
          resource.getConstructor(String.class, args, CustomResourceOptions.class);
      return Optional.of(new TypedKind(constructor, args.asSubclass(ResourceArgs.class)));
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  /**
   * The SDK names its packages after a group's first label ({@code rbac.authorization.k8s.io} → {@code rbac}).
   * Only Kubernetes' own groups qualify: a custom group such as {@code apps.example.com} must not be
   * mistaken for {@code apps}.
   */
  private static Optional<String> sdkPackage(String group) {
    if (group.isEmpty()) {
      return Optional.of("core");
    }
    boolean builtIn = !group.contains(".") || group.endsWith(".k8s.io");
    return builtIn ? Optional.of(group.split("\\.")[0]) : Optional.empty();
  }
}
