package io.flinkstack.constructs.operatorinstall;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.FlinkOperatorInstallProps;
import io.flinkstack.constructs.synth.ManifestJson;
import java.util.List;
import java.util.Objects;

/** Operator installs built without cdk8s (no JSII), for fast tests of the objects. */
final class Installs {
  static final String NS = "flink-operator";

  private Installs() {}

  static FlinkOperatorInstallProps.Builder props() {
    return FlinkOperatorInstallProps.builder();
  }

  static OperatorInstallSpec spec(FlinkOperatorInstallProps.Builder props) {
    return OperatorInstallValidator.validate(props.build(), () -> "chart/operator");
  }

  static ObjectsByNamespace build(FlinkOperatorInstallProps.Builder props) {
    return OperatorInstallManifests.build(spec(props));
  }

  static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String namespace, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace))
        .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + namespace + "/" + name));
  }

  static List<String> ids(List<HasMetadata> objects) {
    return objects.stream().map(Installs::id).toList();
  }

  static String id(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
  }

  static JsonNode json(HasMetadata o) {
    return ManifestJson.MAPPER.valueToTree(o);
  }
}
