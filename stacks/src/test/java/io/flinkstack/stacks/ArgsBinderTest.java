package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pulumi.core.Either;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.test.PulumiTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binder fills typed args from JSON, or says which field it cannot place. */
class ArgsBinderTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void intOrStringTakesTheSideOfTheJsonValue() throws Exception {
    ServiceArgs args = ArgsBinder.bind(yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports:
            - {port: 80, targetPort: http}
            - {port: 81, targetPort: 8081}
        """), ServiceArgs.class);

    List<ServicePortArgs> ports =
        PulumiTest.extractValue(PulumiTest.extractValue(args.spec().orElseThrow()).ports().orElseThrow());
    assertThat(PulumiTest.extractValue(ports.get(0).targetPort().orElseThrow())).isEqualTo(Either.ofRight("http"));
    assertThat(PulumiTest.extractValue(ports.get(1).targetPort().orElseThrow())).isEqualTo(Either.ofLeft(8081));
  }

  @Test
  void anUnknownFieldIsNamedWithItsPath() {
    assertThatThrownBy(() -> ArgsBinder.bind(yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports:
            - {port: 80, appProtocol: http, portAlias: x}
        """), ServiceArgs.class))
        .isInstanceOf(UnbindableFieldException.class)
        .hasMessageStartingWith(
            "spec.ports[0].portAlias: no such field in com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs");
  }

  @Test
  void aValueOfTheWrongTypeIsNotCoerced() {
    // kubectl would refuse a number where the API wants a string; so does the binder (the object then goes untyped).
    assertThatThrownBy(() -> ArgsBinder.bind(yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, labels: {tier: 3}}
        """), ServiceArgs.class))
        .isInstanceOf(UnbindableFieldException.class)
        .hasMessageStartingWith("metadata.labels.tier: NUMBER does not fit java.lang.String");
  }

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }
}
