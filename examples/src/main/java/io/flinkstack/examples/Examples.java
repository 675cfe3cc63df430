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
}
