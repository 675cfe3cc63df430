package io.flinkstack.constructs.validation.reachability;

import java.util.ArrayList;
import java.util.List;

/**
 * The flows one Flink cluster needs: between its own pods (Flink's rpc, blob and data exchange) and from each peer
 * that must reach its REST API or its metrics.
 */
public final class ClusterFlows {
  static final int JOBMANAGER_RPC = 6123;
  static final int BLOB_SERVER = 6124;
  static final int TASKMANAGER_RPC = 6122;
  static final int REST = 8081;

  private ClusterFlows() {}

  /**
   * @param restPeers who must reach the REST API (the runtime controller, the operator, an Ingress controller,
   *     NodePort or load-balancer clients)
   * @param metricsPeers who must scrape port {@code metricsPort}; ignored when metricsPort is null
   */
  public static List<NeededFlow> of(FlinkPods c, List<Peer> restPeers, Integer metricsPort, List<Peer> metricsPeers) {
    List<NeededFlow> flows = new ArrayList<>();
    Endpoint jm = c.jobManager();
    Endpoint tm = c.taskManager();
    String internalFix = String.format("the cluster's pods must reach each other on every port (Flink's data exchange"
        + " uses ports picked at run time): keep the labels of NetworkPolicy %s's internal rule on every pod (a"
        + " podTemplate must not change app.kubernetes.io/name or app.kubernetes.io/instance), and let any other"
        + " policy selecting these pods admit them too, or set networkPolicy(false)", c.cluster());
    flows.add(new NeededFlow(new Flow(tm, tm, null, "data exchange (ports picked at run time)"), "networkPolicy",
        internalFix));
    flows.add(new NeededFlow(new Flow(tm, jm, JOBMANAGER_RPC, "rpc (" + JOBMANAGER_RPC + ")"), "networkPolicy",
        internalFix));
    flows.add(new NeededFlow(new Flow(tm, jm, BLOB_SERVER, "blob server (" + BLOB_SERVER + ")"), "networkPolicy",
        internalFix));
    flows.add(new NeededFlow(new Flow(jm, tm, TASKMANAGER_RPC, "rpc (" + TASKMANAGER_RPC + ")"), "networkPolicy",
        internalFix));
    for (Peer p : restPeers) {
      flows.add(new NeededFlow(new Flow(p.endpoint(), jm, REST, "REST (" + REST + ")"), p.field(), p.fix()));
    }
    if (metricsPort != null) {
      for (Peer p : metricsPeers) {
        String purpose = "metrics (" + metricsPort + ")";
        flows.add(new NeededFlow(new Flow(p.endpoint(), jm, metricsPort, purpose), p.field(), p.fix()));
        flows.add(new NeededFlow(new Flow(p.endpoint(), tm, metricsPort, purpose), p.field(), p.fix()));
      }
    }
    return flows;
  }
}
