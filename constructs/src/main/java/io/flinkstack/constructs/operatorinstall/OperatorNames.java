package io.flinkstack.constructs.operatorinstall;

import io.flinkstack.contract.Labels;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Names, ports and labels of the installed objects. They are the Helm chart's, so an operator installed by
 * flinkstack looks like one installed by Helm to anyone who reads it ({@code kubectl -n flink-operator get
 * deploy flink-kubernetes-operator}), and FlinkDeployments keep {@code serviceAccount: flink}.
 */
public final class OperatorNames {
  public static final String DEPLOYMENT = "flink-kubernetes-operator";
  public static final String OPERATOR_CONTAINER = "flink-kubernetes-operator";
  public static final String WEBHOOK_CONTAINER = "flink-webhook";
  public static final String SERVICE_ACCOUNT = "flink-operator";
  public static final String CONFIG_MAP = "flink-operator-config";
  /** The operator's (Cluster)Role, in every namespace it has rights in. */
  public static final String ROLE = "flink-operator";
  public static final String ROLE_BINDING = "flink-operator-role-binding";
  /** ServiceAccount, Role of the Flink pods (JobManagers create TaskManager pods and HA ConfigMaps). */
  public static final String JOB_SERVICE_ACCOUNT = "flink";
  public static final String JOB_ROLE = "flink";
  public static final String JOB_ROLE_BINDING = "flink-role-binding";
  public static final String WEBHOOK_SERVICE = "flink-operator-webhook-service";

  public static final String CONF_DIR = "/opt/flink/conf";
  public static final String CONFIG_FILE = "flink-conf.yaml";
  public static final String OPERATOR_LOG_FILE = "log4j-operator.properties";
  public static final String FLINK_LOG_FILE = "log4j-console.properties";
  public static final int WEBHOOK_PORT = 9443;

  private OperatorNames() {}

  /** Both webhook configurations share it (they are different kinds); one per operator namespace. */
  public static String webhookConfiguration(String namespace) {
    return "flink-operator-" + namespace + "-webhook-configuration";
  }

  /** What the Deployment selects its pods by, and the webhook Service too; never changes once applied. */
  static SortedMap<String, String> selector() {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(Labels.NAME, DEPLOYMENT);
    labels.put(Labels.COMPONENT, "operator");
    return labels;
  }

  static Map<String, String> labels() {
    SortedMap<String, String> labels = selector();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK);
    return labels;
  }

  /** Labels of the RBAC given to Flink pods: part of the install, but not of the operator's pods. */
  static Map<String, String> jobLabels() {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(Labels.NAME, DEPLOYMENT);
    labels.put(Labels.COMPONENT, "flink-jobs");
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK);
    return labels;
  }
}
