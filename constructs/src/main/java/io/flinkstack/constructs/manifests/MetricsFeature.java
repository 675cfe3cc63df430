package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;

/** Flink's Prometheus reporter, with its port named {@code metrics} on every Flink container. */
final class MetricsFeature {
  static final int PORT = 9249;

  private MetricsFeature() {}

  static void apply(ClusterModel m) {
    if (!m.spec.props().isPrometheus()) {
      return;
    }
    m.config.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    m.config.put("metrics.reporter.prom.port", Integer.toString(PORT));
    m.bothPods(p -> p.ports.add(new ContainerPortBuilder().withName("metrics").withContainerPort(PORT).withProtocol("TCP").build()));
  }
}
