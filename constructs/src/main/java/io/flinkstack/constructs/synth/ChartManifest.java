package io.flinkstack.constructs.synth;

import java.util.List;

/**
 * One chart's synthesized manifest file.
 *
 * @param file the file name cdk8s gives it, e.g. {@code wordcount.k8s.yaml}
 * @param objects how many Kubernetes objects it holds
 * @param kinds the kinds among them, sorted
 * @param yaml the file's content, byte for byte what {@code app.synth()} writes
 */
public record ChartManifest(String file, int objects, List<String> kinds, String yaml) {}
