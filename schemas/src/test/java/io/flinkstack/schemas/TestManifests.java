package io.flinkstack.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Small, realistic manifests of a Flink session cluster called "wordcount". */
final class TestManifests {
  private static final YAMLMapper YAML = new YAMLMapper();

  static final String CONFIG_MAP = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: wordcount-config
        namespace: flink
        labels:
          app.kubernetes.io/name: wordcount
      data:
        blob.server.port: "6124"
        config.yaml: |
          jobmanager.rpc.address: wordcount-jobmanager
          taskmanager.numberOfTaskSlots: 2
      """;

  static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: wordcount-jobmanager
        namespace: flink
        labels:
          app.kubernetes.io/name: wordcount
          app.kubernetes.io/component: jobmanager
      spec:
        type: ClusterIP
        selector:
          app.kubernetes.io/name: wordcount
          app.kubernetes.io/component: jobmanager
        ports:
          - name: rpc
            port: 6123
            targetPort: rpc
          - name: blob
            port: 6124
            targetPort: 6124
          - name: rest
            port: 8081
            targetPort: 8081
            protocol: TCP
      """;

  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: wordcount-jobmanager
        namespace: flink
        labels:
          app.kubernetes.io/name: wordcount
          app.kubernetes.io/component: jobmanager
      spec:
        replicas: 1
        strategy:
          type: Recreate
        selector:
          matchLabels:
            app.kubernetes.io/name: wordcount
            app.kubernetes.io/component: jobmanager
        template:
          metadata:
            labels:
              app.kubernetes.io/name: wordcount
              app.kubernetes.io/component: jobmanager
            annotations:
              prometheus.io/scrape: "true"
          spec:
            serviceAccountName: wordcount
            securityContext:
              runAsNonRoot: true
              runAsUser: 9999
              fsGroup: 9999
            containers:
              - name: jobmanager
                image: flink:1.20.1-java17
                args: ["jobmanager"]
                env:
                  - name: POD_IP
                    valueFrom:
                      fieldRef:
                        fieldPath: status.podIP
                ports:
                  - name: rpc
                    containerPort: 6123
                  - name: blob
                    containerPort: 6124
                  - name: rest
                    containerPort: 8081
                resources:
                  requests:
                    cpu: 1
                    memory: 1600Mi
                  limits:
                    memory: 1600Mi
                livenessProbe:
                  tcpSocket:
                    port: 6123
                  initialDelaySeconds: 30
                  periodSeconds: 60
                volumeMounts:
                  - name: flink-config
                    mountPath: /opt/flink/conf
            volumes:
              - name: flink-config
                configMap:
                  name: wordcount-config
      """;

  static final String STATEFUL_SET = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: wordcount-taskmanager
        namespace: flink
        labels:
          app.kubernetes.io/name: wordcount
          app.kubernetes.io/component: taskmanager
      spec:
        replicas: 2
        serviceName: wordcount-taskmanager
        podManagementPolicy: Parallel
        selector:
          matchLabels:
            app.kubernetes.io/name: wordcount
            app.kubernetes.io/component: taskmanager
        template:
          metadata:
            labels:
              app.kubernetes.io/name: wordcount
              app.kubernetes.io/component: taskmanager
          spec:
            serviceAccountName: wordcount
            terminationGracePeriodSeconds: 30
            containers:
              - name: taskmanager
                image: flink:1.20.1-java17
                args: ["taskmanager"]
                ports:
                  - name: rpc
                    containerPort: 6122
                resources:
                  requests:
                    cpu: "2"
                    memory: 4Gi
                  limits:
                    memory: 4Gi
                volumeMounts:
                  - name: flink-config
                    mountPath: /opt/flink/conf
                  - name: state
                    mountPath: /flink-state
            volumes:
              - name: flink-config
                configMap:
                  name: wordcount-config
        volumeClaimTemplates:
          - metadata:
              name: state
            spec:
              accessModes: ["ReadWriteOnce"]
              resources:
                requests:
                  storage: 10Gi
      """;

  private TestManifests() {}

  /** Parses one YAML document into a tree the tests may change. */
  static ObjectNode yaml(String document) {
    try {
      return (ObjectNode) YAML.readTree(document);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test YAML does not parse", e);
    }
  }

  /** The object at a JSON pointer, for editing a manifest in place. */
  static ObjectNode objectAt(ObjectNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }
}
