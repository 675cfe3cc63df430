package io.flinkstack.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.cdk8s.App;

/** Every example, by chart name, in the order `flinkstack synth` writes them. */
public final class Examples {
  private Examples() {}

  public static Map<String, Consumer<App>> all() {
    Map<String, Consumer<App>> all = new LinkedHashMap<>();
    all.put(WordCount.CHART, WordCount::define);
    all.put(Clickstream.CHART, Clickstream::define);
    all.put(StatefulHa.CHART, StatefulHa::define);
    all.put(SessionClusterExample.CHART, SessionClusterExample::define);
    all.put(OperatorApp.CHART, OperatorApp::define);
    all.put(OperatorSessionExample.CHART, OperatorSessionExample::define);
    all.put(OperatorInstallExample.CHART, OperatorInstallExample::define);
    all.put(RuntimeControllerExample.CHART, RuntimeControllerExample::define);
    return all;
  }

  /**
   * Synthesizes the named examples (every one without arguments) with cdk8s' own {@code app.synth()}, one file per
   * chart in {@code dist/} (or {@code CDK8S_OUTDIR}), as a team's app runs: e.g. {@code WordCount}'s chart is
   * {@code wordcount}.
   */
  public static void main(String[] charts) {
    App app = new App();
    Map<String, Consumer<App>> all = all();
    for (String chart : charts.length == 0 ? all.keySet().toArray(String[]::new) : charts) {
      Consumer<App> example = all.get(chart);
      if (example == null) {
        throw new IllegalArgumentException("no example chart '" + chart + "'; the charts are " + all.keySet());
      }
      example.accept(app);
    }
    app.synth();
  }
}
