package io.flinkstack.examples;

import io.flinkstack.constructs.AutoscalerMode;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.ControllerAutoscaler;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.Placement;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.HpaAutoscaler;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * A stateful job run the way production wants it: Kubernetes HA with a standby JobManager, TaskManagers
 * with their own volumes for local recovery, checkpoints and savepoints on S3 with keys from a Secret,
 * an HPA on the TaskManagers (2–8, CPU 60%), flinkstack's Flink autoscaler recommending parallelism (monitor
 * mode: watch its decisions before letting it act), and the web UI behind an Ingress.
 */
public final class StatefulHa {
  public static final String CHART = "stateful-ha";

  private StatefulHa() {}

  public static Chart define(App app) {
    Chart chart = new Chart(app, CHART, ChartProps.builder().namespace("payments").build());
    FlinkApplication.Builder.create(chart, "fraud-detection")
        .flinkVersion(FlinkVersion.V2_1)
        .image("registry.example.com/payments/fraud-detection:3.2.0")
        .jarUri("local:///opt/flink/usrlib/fraud-detection.jar")
        .entryClass("com.example.fraud.FraudDetectionJob")
        .taskSlots(2)
        .jobManager(Resources.of("2g", 1))
        .taskManager(Resources.of("4g", 2))
        .jobManagerReplicas(2)
        .highAvailability(HighAvailability.builder().restartAttempts(10).restartDelay("10 s").build())
        .stateStorage(StateStorage.objectStore("s3://payments-flink/fraud-detection",
            StorageCredentials.s3("flink-s3-credentials", "access-key-id", "secret-access-key")))
        .localRecovery(LocalRecovery.builder().size("50Gi").storageClass("fast-ssd").build())
        .autoscaling(HpaAutoscaler.builder().minReplicas(2).maxReplicas(8).cpuUtilization(60).build())
        .controllerAutoscaler(ControllerAutoscaler.builder().mode(AutoscalerMode.MONITOR)
            .catchUpDuration("10 min").window("10 min")
            .vertexBounds(Map.of("Sink: alerts", "1..4"))
            .build())
        .flinkConfiguration(Map.of(
            "state.backend.type", "rocksdb",
            "execution.checkpointing.interval", "1 min",
            "execution.checkpointing.mode", "EXACTLY_ONCE"))
        .placement(Placement.builder().spreadAcrossZones(true).priorityClassName("streaming-critical").build())
        .restIngress(RestIngress.builder().host("fraud-detection.flink.example.com").ingressClassName("nginx")
            .tlsSecretName("flink-example-com-tls")
            // Every request authenticated by the team's oauth2-proxy before it reaches Flink's REST API.
            .annotations(Map.of("nginx.ingress.kubernetes.io/auth-url", "https://oauth2.example.com/oauth2/auth",
                "nginx.ingress.kubernetes.io/auth-signin", "https://oauth2.example.com/oauth2/start?rd=$escaped_request_uri"))
            .build())
        // The Ingress controller's pods (namespace ingress-nginx, ingressControllerNamespace's default) are admitted
        // to REST with the Ingress; the runtime controller (RuntimeControllerExample, flinkstack-system) by default.
        .build();
    return chart;
  }
}
