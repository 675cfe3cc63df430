package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.flinkstack.constructs.validation.Problems;

/** Flink's Prometheus reporter, with its port named {@code metrics} on every Flink container. */
final class MetricsFeature implements ClusterFeature {
  static final int PORT = 9249;

  static final MetricsFeature INSTANCE = new MetricsFeature();

  private MetricsFeature() {}

  @Override
  public void apply(ClusterModel m) {
    if (!m.spec.props().isPrometheus()) {
      return;
    }
    m.config.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    m.config.put("metrics.reporter.prom.port", Integer.toString(PORT));
    m.bothPods(p -> p.ports.add(new ContainerPortBuilder().withName("metrics").withContainerPort(PORT).withProtocol("TCP").build()));
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    SecurityFeature.checkPeerNamespace(in.props().getPrometheusNamespace(), "prometheusNamespace", "Prometheus'"
        + " namespace (default monitoring)", problems);
  }
}
