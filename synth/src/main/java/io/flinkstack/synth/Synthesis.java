package io.flinkstack.synth;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cdk8s.App;

/** Synthesizes a set of example definitions in one cdk8s app, in memory. */
public final class Synthesis {
  private Synthesis() {}

  /**
   * @throws io.flinkstack.constructs.validation.ValidationException when a construct's props are invalid
   */
  public static List<ChartManifest> run(Map<String, Consumer<App>> definitions) {
    App app = new App();
    definitions.values().forEach(d -> d.accept(app));
    return AppSynthesizer.synthesize(app);
  }
}
