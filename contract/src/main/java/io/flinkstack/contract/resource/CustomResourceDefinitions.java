package io.flinkstack.contract.resource;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The CustomResourceDefinitions of {@link FlinkJob} and {@link FlinkSnapshot}, as crd-generator wrote them into this
 * jar at build time: what the RuntimeController construct installs, and what validation checks the resources against.
 */
public final class CustomResourceDefinitions {
  /** Class-path resources of the CRDs, one YAML document each. */
  public static final List<String> RESOURCES = List.of(
      "META-INF/fabric8/flinkjobs.flinkstack.io-v1.yml",
      "META-INF/fabric8/flinksnapshots.flinkstack.io-v1.yml");

  private CustomResourceDefinitions() {}

  /** The CRDs as objects, in the order of {@link #RESOURCES} (to create them in an API server, or to inspect them). */
  public static List<CustomResourceDefinition> definitions() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    return yaml().stream().map(text -> serialization.unmarshal(text, CustomResourceDefinition.class)).toList();
  }

  /** The CRDs' YAML texts, in the order of {@link #RESOURCES}. */
  public static List<String> yaml() {
    return RESOURCES.stream().map(CustomResourceDefinitions::read).toList();
  }

  private static String read(String resource) {
    try (InputStream in = CustomResourceDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from flinkstack-contract's jar (crd-generator did not"
            + " run: build the contract module with `mvn package`, not only `compile`)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
