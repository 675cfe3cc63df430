package io.flinkstack.stacks;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.List;
import java.util.function.Function;
import org.cdk8s.App;

/** Runs a cdk8s definition in-process and returns each chart's objects, parsed from the synthesized YAML. */
final class Synthesis {
  private Synthesis() {}

  /** A definition's charts, in cdk8s' order, and what the definition returned. */
  record Result<T>(List<List<KubernetesObject>> charts, T defined) {}

  static <T> Result<T> run(Function<App, T> definition) {
    try {
      return Cdk8sThread.call(() -> {
        App app = new App();
        T defined = definition.apply(app);
        // The same synthesis as `flinkstack synth` and cdk8s' app.synth(): same YAML, hence same objects.
        List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
        List<List<KubernetesObject>> charts = manifests.stream().map(m -> ManifestParser.parse(m.yaml())).toList();
        return new Result<>(charts, defined);
      });
    } catch (ValidationException e) {
      throw new InvalidFlinkApplicationException(e);
    }
  }
}
