package io.flinkstack.schemas;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/**
 * The one set of test manifests: valid objects of every kind the validators know, shaped like flinkstack's output
 * (a Flink cluster "wordcount" and the operator that runs it), and helpers that parse them and change one field.
 * Each test takes one of these, changes one value, and expects exactly what that change causes; {@code
 * ApiServerRulesTest.everyFixtureIsValid} shows they are valid to start with.
 */
public final class TestManifests {
  private static final YAMLMapper YAML = new YAMLMapper();

  public static final String CONFIG_MAP = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: wordcount-config
        namespace: flink
        labels:
          app.kubernetes.io/name: flink
          app.kubernetes.io/instance: wordcount
        annotations:
          flinkstack.io/config-sha256: "0a1b2c"
      data:
        blob.server.port: "6124"
        config.yaml: |
          taskmanager.numberOfTaskSlots: 2
        log4j-console.properties: rootLogger.level = INFO
      binaryData:
        keystore.p12: AAEC
      """;

  public static final String SECRET = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: flink-s3-credentials
        namespace: flink
      type: Opaque
      data:
        access-key-id: QUtJQQ==
      stringData:
        secret-access-key: plain-text
      """;

  public static final String SERVICE_ACCOUNT = """
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: wordcount
        namespace: flink
        annotations:
          eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/flink
      automountServiceAccountToken: false
      """;

  public static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: wordcount-rest
        namespace: flink
      spec:
        type: NodePort
        selector:
          app.kubernetes.io/name: flink
          app.kubernetes.io/component: jobmanager
        ports:
          - name: rest
            port: 8081
            protocol: TCP
            targetPort: rest
            nodePort: 30081
          - name: metrics
            port: 9249
            targetPort: 9249
            appProtocol: http
      """;

  public static final String HEADLESS_SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: wordcount-taskmanager
        namespace: flink
      spec:
        clusterIP: None
        selector:
          app.kubernetes.io/component: taskmanager
        ports:
          - name: rpc
            port: 6122
            targetPort: rpc
      """;

  public static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: flink-kubernetes-operator
        namespace: flink-operator
        labels:
          app.kubernetes.io/name: flink-kubernetes-operator
      spec:
        replicas: 1
        strategy:
          type: Recreate
        selector:
          matchLabels:
            app.kubernetes.io/name: flink-kubernetes-operator
          matchExpressions:
            - key: app.kubernetes.io/component
              operator: In
              values: [operator]
        template:
          metadata:
            labels:
              app.kubernetes.io/name: flink-kubernetes-operator
              app.kubernetes.io/component: operator
            annotations:
              kubectl.kubernetes.io/default-container: operator
          spec:
            serviceAccountName: flink-operator
            priorityClassName: system-cluster-critical
            terminationGracePeriodSeconds: 30
            securityContext:
              runAsNonRoot: true
              runAsUser: 9999
              runAsGroup: 9999
              fsGroup: 9999
              seccompProfile:
                type: RuntimeDefault
            nodeSelector:
              kubernetes.io/os: linux
            tolerations:
              - key: dedicated
                operator: Equal
                value: flink
                effect: NoSchedule
              - operator: Exists
            affinity:
              podAntiAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    podAffinityTerm:
                      topologyKey: kubernetes.io/hostname
                      labelSelector:
                        matchLabels:
                          app.kubernetes.io/name: flink-kubernetes-operator
            topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: topology.kubernetes.io/zone
                whenUnsatisfiable: ScheduleAnyway
                labelSelector:
                  matchLabels:
                    app.kubernetes.io/name: flink-kubernetes-operator
            initContainers:
              - name: wait-for-config
                image: busybox:1.36
                command: [sh, -c, "test -s /opt/config/config.yaml"]
                volumeMounts:
                  - name: config
                    mountPath: /opt/config
            containers:
              - name: operator
                image: apache/flink-kubernetes-operator:1.12.1
                imagePullPolicy: IfNotPresent
                command: [/docker-entrypoint.sh, operator]
                env:
                  - name: OPERATOR_NAMESPACE
                    valueFrom:
                      fieldRef:
                        fieldPath: metadata.namespace
                  - name: POD_LABEL_NAME
                    valueFrom:
                      fieldRef:
                        apiVersion: v1
                        fieldPath: metadata.labels['app.kubernetes.io/name']
                  - name: AWS_ACCESS_KEY_ID
                    valueFrom:
                      secretKeyRef:
                        name: flink-s3-credentials
                        key: access-key-id
                  - name: JVM_ARGS
                    value: -Xmx512m
                envFrom:
                  - configMapRef:
                      name: operator-env
                    prefix: OPERATOR_
                ports:
                  - name: health
                    containerPort: 8085
                  - name: metrics
                    containerPort: 9999
                    protocol: TCP
                resources:
                  requests:
                    cpu: 500m
                    memory: 1Gi
                  limits:
                    cpu: "2"
                    memory: 1Gi
                livenessProbe:
                  httpGet:
                    path: /
                    port: health
                  initialDelaySeconds: 30
                  periodSeconds: 10
                  failureThreshold: 3
                readinessProbe:
                  tcpSocket:
                    port: 8085
                  successThreshold: 2
                startupProbe:
                  httpGet:
                    path: /
                    port: health
                  failureThreshold: 30
                lifecycle:
                  preStop:
                    sleep:
                      seconds: 5
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities:
                    drop: [ALL]
                volumeMounts:
                  - name: config
                    mountPath: /opt/flink/conf
                    readOnly: true
                  - name: tmp
                    mountPath: /tmp
                  - name: config
                    mountPath: /opt/flink/conf-log4j
                    subPath: log4j-console.properties
            volumes:
              - name: config
                configMap:
                  name: flink-operator-config
                  defaultMode: 0644
                  items:
                    - key: config.yaml
                      path: config.yaml
                    - key: log4j-console.properties
                      path: log4j-console.properties
              - name: tmp
                emptyDir:
                  sizeLimit: 1Gi
      """;

  public static final String STATEFUL_SET = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: wordcount-taskmanager
        namespace: flink
      spec:
        replicas: 2
        serviceName: wordcount-taskmanager
        podManagementPolicy: Parallel
        updateStrategy:
          type: RollingUpdate
          rollingUpdate:
            partition: 0
        selector:
          matchLabels:
            app.kubernetes.io/component: taskmanager
        template:
          metadata:
            labels:
              app.kubernetes.io/component: taskmanager
          spec:
            containers:
              - name: taskmanager
                image: flink:2.1
                args: [taskmanager]
                ports:
                  - name: rpc
                    containerPort: 6122
                livenessProbe:
                  tcpSocket:
                    port: rpc
                resources:
                  requests:
                    cpu: "2"
                    memory: 4096Mi
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
          - apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: state
              labels:
                app.kubernetes.io/component: taskmanager
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: gp3
              resources:
                requests:
                  storage: 10Gi
      """;

  public static final String PERSISTENT_VOLUME_CLAIM = """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: flink-artifacts
        namespace: flink
      spec:
        accessModes: [ReadWriteMany]
        volumeMode: Filesystem
        resources:
          requests:
            storage: 5Gi
      """;

  public static final String POD_DISRUPTION_BUDGET = """
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: wordcount-taskmanager
        namespace: flink
      spec:
        maxUnavailable: 1
        selector:
          matchLabels:
            app.kubernetes.io/component: taskmanager
      """;

  public static final String HORIZONTAL_POD_AUTOSCALER = """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: wordcount-taskmanager
        namespace: flink
      spec:
        scaleTargetRef:
          apiVersion: apps/v1
          kind: StatefulSet
          name: wordcount-taskmanager
        minReplicas: 2
        maxReplicas: 8
        metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 70
        behavior:
          scaleDown:
            stabilizationWindowSeconds: 300
            policies:
              - type: Pods
                value: 1
                periodSeconds: 60
          scaleUp:
            stabilizationWindowSeconds: 0
      """;

  public static final String NETWORK_POLICY = """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: wordcount
        namespace: flink
      spec:
        podSelector:
          matchLabels:
            app.kubernetes.io/instance: wordcount
        policyTypes: [Ingress]
        ingress:
          - from:
              - podSelector: {}
              - ipBlock:
                  cidr: 10.20.0.0/16
                  except: [10.20.5.0/24]
              - namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: flinkstack-system
                podSelector:
                  matchLabels:
                    app.kubernetes.io/name: flinkstack-controller
            ports:
              - port: 8081
                protocol: TCP
              - port: 6120
                endPort: 6125
              - port: metrics
      """;

  public static final String INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: wordcount-rest
        namespace: flink
        annotations:
          nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/oauth2/auth
      spec:
        ingressClassName: nginx
        tls:
          - hosts: [flink.example.com, "*.flink.example.com"]
            secretName: flink-tls
        rules:
          - host: flink.example.com
            http:
              paths:
                - path: /
                  pathType: Prefix
                  backend:
                    service:
                      name: wordcount-rest
                      port:
                        number: 8081
                - path: /metrics
                  pathType: Exact
                  backend:
                    service:
                      name: wordcount-rest
                      port:
                        name: metrics
      """;

  public static final String ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: wordcount-ha
        namespace: flink
      rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list, watch, create, update, patch, delete]
        - apiGroups: [coordination.k8s.io]
          resources: [leases]
          resourceNames: [wordcount]
          verbs: [get, update]
      """;

  public static final String CLUSTER_ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: flinkstack-controller
      rules:
        - apiGroups: [flink.apache.org]
          resources: [flinkdeployments, flinkdeployments/status]
          verbs: [get, list, watch]
        - nonResourceURLs: [/healthz]
          verbs: [get]
      """;

  public static final String ROLE_BINDING = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: wordcount-ha
        namespace: flink
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: wordcount-ha
      subjects:
        - kind: ServiceAccount
          name: wordcount
        - kind: Group
          name: flink-admins
          apiGroup: rbac.authorization.k8s.io
      """;

  public static final String CLUSTER_ROLE_BINDING = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: flinkstack-controller
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: flinkstack-controller
      subjects:
        - kind: ServiceAccount
          name: flinkstack-controller
          namespace: flinkstack-system
        - kind: User
          name: alice@example.com
      """;

  public static final String CUSTOM_RESOURCE_DEFINITION = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: flinkdeployments.flink.apache.org
      spec:
        group: flink.apache.org
        scope: Namespaced
        names:
          kind: FlinkDeployment
          plural: flinkdeployments
          singular: flinkdeployment
        versions:
          - name: v1beta1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
      """;

  public static final String FLINK_DEPLOYMENT = """
      apiVersion: flink.apache.org/v1beta1
      kind: FlinkDeployment
      metadata:
        name: fraud-detection
        namespace: payments
      spec:
        image: flink:2.1
      """;

  public static final List<String> ALL = List.of(CONFIG_MAP, SECRET, SERVICE_ACCOUNT, SERVICE, HEADLESS_SERVICE,
      DEPLOYMENT, STATEFUL_SET, PERSISTENT_VOLUME_CLAIM, POD_DISRUPTION_BUDGET, HORIZONTAL_POD_AUTOSCALER,
      NETWORK_POLICY, INGRESS, ROLE, CLUSTER_ROLE, ROLE_BINDING, CLUSTER_ROLE_BINDING, CUSTOM_RESOURCE_DEFINITION,
      FLINK_DEPLOYMENT);

  private TestManifests() {}

  /** Parses one YAML document that is a mapping into a tree the test may change. */
  public static ObjectNode parse(String yaml) {
    return (ObjectNode) node(yaml);
  }

  /** Parses one YAML document of any kind: a mapping, a list or a scalar. */
  public static JsonNode node(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test YAML does not parse: " + yaml, e);
    }
  }

  /** The object at a JSON pointer, for editing a manifest in place. */
  public static ObjectNode objectAt(ObjectNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  /** {@code manifest} parsed, with the value at {@code pointer} set as by {@link #set}. */
  public static ObjectNode with(String manifest, String pointer, String valueYaml) {
    return set(parse(manifest), pointer, valueYaml);
  }

  /** As {@link #with(String, String, String)}, on a copy of an already changed manifest. */
  public static ObjectNode with(ObjectNode manifest, String pointer, String valueYaml) {
    return set(manifest.deepCopy(), pointer, valueYaml);
  }

  /** {@code manifest} without the member or element at {@code pointer}. */
  public static ObjectNode without(String manifest, String pointer) {
    return without(parse(manifest), pointer);
  }

  /** As {@link #without(String, String)}, on a copy of an already changed manifest. */
  public static ObjectNode without(ObjectNode manifest, String pointer) {
    ObjectNode root = manifest.deepCopy();
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode parent = root.at(path.head());
    if (parent instanceof ObjectNode object) {
      object.remove(path.last().getMatchingProperty());
    } else if (parent instanceof ArrayNode array) {
      array.remove(path.last().getMatchingIndex());
    } else {
      throw new IllegalArgumentException("nothing to remove at " + pointer);
    }
    return root;
  }

  /**
   * Sets the value at {@code pointer} in {@code root} itself to {@code valueYaml} (a YAML scalar, list or map) and
   * returns {@code root}. Missing parents are created (a list where the next token is an index, else a map), and an
   * array index one past the end appends.
   */
  public static ObjectNode set(ObjectNode root, String pointer, String valueYaml) {
    JsonNode value = node(valueYaml);
    JsonNode parent = root;
    JsonPointer rest = JsonPointer.compile(pointer);
    while (rest.tail() != null && !rest.tail().matches()) {
      JsonNode child = parent.isArray() ? parent.get(rest.getMatchingIndex()) : parent.get(rest.getMatchingProperty());
      if (child == null || child.isNull()) {
        child = rest.tail().getMatchingIndex() >= 0
            ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
        if (parent instanceof ArrayNode array) {
          array.add(child);
        } else {
          ((ObjectNode) parent).set(rest.getMatchingProperty(), child);
        }
      }
      parent = child;
      rest = rest.tail();
    }
    if (parent instanceof ArrayNode array) {
      int index = rest.getMatchingIndex();
      if (index == array.size()) {
        array.add(value);
      } else {
        array.set(index, value);
      }
    } else {
      ((ObjectNode) parent).set(rest.getMatchingProperty(), value);
    }
    return root;
  }
}
