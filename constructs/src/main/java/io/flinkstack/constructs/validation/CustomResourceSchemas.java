package io.flinkstack.constructs.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.contract.resource.CustomResourceDefinitions;
import io.flinkstack.schemas.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The strict Kubernetes schemas plus the CRD schemas of the custom resources flinkstack writes: the Apache operator's,
 * read from the flink-kubernetes-operator-api jar the constructs synthesize against, and flinkstack's own
 * ({@code FlinkJob}, {@code FlinkSnapshot}), read from the contract jar (generated at its build). Each is made strict by
 * the validator, and its CEL rules are evaluated on objects that pass the schema.
 */
public final class CustomResourceSchemas {
  private static final List<String> CRDS = Stream.concat(Stream.of(
      "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml",
      "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml",
      "META-INF/fabric8/flinkstatesnapshots.flink.apache.org-v1.yml"),
      CustomResourceDefinitions.RESOURCES.stream()).toList();
  private static volatile SchemaValidator validator;

  private CustomResourceSchemas() {}

  /** Kubernetes 1.32 kinds and every served version of the operator's and flinkstack's custom resources. */
  public static SchemaValidator validator() {
    SchemaValidator v = validator;
    if (v == null) {
      v = SchemaValidator.forKubernetes();
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      for (String crd : CRDS) {
        try (InputStream in = CustomResourceSchemas.class.getClassLoader().getResourceAsStream(crd)) {
          if (in == null) {
            throw new IllegalStateException("a CRD is not on the classpath (the operator-api jar or flinkstack-contract's"
                + " generated CRDs): " + crd);
          }
          v = v.withCustomResourceDefinition(yaml.readTree(in));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      validator = v;
    }
    return v;
  }
}
