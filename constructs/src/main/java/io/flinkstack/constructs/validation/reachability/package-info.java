/**
 * A model of Kubernetes NetworkPolicy semantics, to check at synth time that every flow a Flink cluster needs
 * (TaskManager data exchange, rpc and blob, the runtime controller's and the operator's REST calls, Ingress,
 * NodePort and load-balancer clients, Prometheus) is admitted by the policies in the manifests.
 *
 * <p>Semantics follow the API's own documentation of {@code networking.k8s.io/v1} (k8s.io/api
 * {@code networking/v1/types.go}, the comments on {@code NetworkPolicySpec}, {@code NetworkPolicyIngressRule},
 * {@code NetworkPolicyEgressRule}, {@code NetworkPolicyPeer}, {@code NetworkPolicyPort} and {@code IPBlock}), and
 * {@code kubernetes.io/metadata.name}, the namespace label the API server sets on every namespace since 1.22:
 * <ul>
 *   <li>a pod is isolated for ingress (egress) once any policy in its namespace selects it with that policy type;
 *       {@code policyTypes} left out means Ingress, plus Egress when the policy has egress rules;</li>
 *   <li>traffic to an isolated pod is allowed when at least one rule of at least one selecting policy admits it:
 *       policies add up, none subtracts;</li>
 *   <li>a rule with no (or an empty) {@code from}/{@code to} matches every peer; with no (or empty) {@code ports},
 *       every port; a rule list that is empty allows nothing;</li>
 *   <li>a peer with only a podSelector selects pods of the policy's namespace; with a namespaceSelector, pods of the
 *       selected namespaces (all of them without a podSelector); an empty selector selects everything;</li>
 *   <li>a port is TCP unless it says otherwise, may be a number, a range up to {@code endPort}, or the name of a
 *       container port of the destination pod.</li>
 * </ul>
 * What the manifests cannot tell (labels of namespaces other than their name, the addresses NodePort and
 * load-balancer traffic arrives from, whether an ipBlock covers pod addresses) is reported as "depends", never
 * guessed.
 */
package io.flinkstack.constructs.validation.reachability;
