package io.flinkstack.constructs.synth;

import java.util.List;

/**
 * One chart's objects as synthesized, in cdk8s' order (the order of its manifest file), each with what synthesis
 * knows about it.
 *
 * @param file the file name {@code app.synth()} gives the chart, e.g. {@code wordcount.k8s.yaml}
 */
public record SynthesizedChart(String file, List<SynthesizedObject> objects) {
  public SynthesizedChart {
    objects = List.copyOf(objects);
  }
}
