package io.flinkstack.constructs.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.schemas.SchemaValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The strict Kubernetes schemas plus the Apache operator's CRD schemas, read from the
 * flink-kubernetes-operator-api jar the constructs synthesize against (made strict by the validator).
 */
public final class OperatorCrdSchemas {
  private static final String[] CRDS = {
    "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml",
    "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml",
    "META-INF/fabric8/flinkstatesnapshots.flink.apache.org-v1.yml"
  };
  private static volatile SchemaValidator validator;

  private OperatorCrdSchemas() {}

  /** Kubernetes 1.32 kinds and every served version of the operator's custom resources. */
  public static SchemaValidator validator() {
    SchemaValidator v = validator;
    if (v == null) {
      v = SchemaValidator.forKubernetes();
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      for (String crd : CRDS) {
        try (InputStream in = OperatorCrdSchemas.class.getClassLoader().getResourceAsStream(crd)) {
          if (in == null) {
            throw new IllegalStateException("the operator-api jar is not on the classpath: " + crd);
          }
          JsonNode node = yaml.readTree(in);
          String group = node.at("/spec/group").asText();
          String kind = node.at("/spec/names/kind").asText();
          for (JsonNode version : node.at("/spec/versions")) {
            v = v.withCustomResourceSchema(group + "/" + version.get("name").asText(), kind,
                version.at("/schema/openAPIV3Schema"));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      validator = v;
    }
    return v;
  }
}
