package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.apiserver.Manifests.INGRESS;
import static io.flinkstack.schemas.apiserver.Manifests.NETWORK_POLICY;
import static io.flinkstack.schemas.apiserver.Manifests.with;
import static io.flinkstack.schemas.apiserver.Manifests.without;
import static io.flinkstack.schemas.apiserver.RuleCases.accept;
import static io.flinkstack.schemas.apiserver.RuleCases.reject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ValidateNetworkPolicySpec and ValidateIngressSpec. */
class NetworkingRulesTest {
  private static final String RULE = "/spec/ingress/0";
  private static final String PATH = "/spec/rules/0/http/paths/0";

  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("policy port protocols", with(NETWORK_POLICY, RULE + "/ports/0/protocol", "ICMP"),
            RULE + "/ports/0/protocol", "not supported"),
        reject("policy port numbers", with(NETWORK_POLICY, RULE + "/ports/0/port", "70000"), RULE + "/ports/0/port",
            "between 1 and 65535"),
        reject("policy port names", with(NETWORK_POLICY, RULE + "/ports/2/port", "Metrics"), RULE + "/ports/2/port",
            "port name 'Metrics'"),
        reject("endPort is at least port", with(NETWORK_POLICY, RULE + "/ports/1/endPort", "6000"),
            RULE + "/ports/1/endPort", "must be at least port"),
        reject("endPort needs a numeric port", with(NETWORK_POLICY, RULE + "/ports/2/endPort", "9300"),
            RULE + "/ports/2/endPort", "needs a numeric port"),
        reject("endPort needs a port", with(NETWORK_POLICY, RULE + "/ports/3", "{endPort: 9300}"),
            RULE + "/ports/3/endPort", "needs a port"),
        reject("a peer selects something", with(NETWORK_POLICY, RULE + "/from/0", "{}"), RULE + "/from/0",
            "must set podSelector, namespaceSelector or ipBlock"),
        reject("ipBlock stands alone", with(NETWORK_POLICY, RULE + "/from/1/podSelector", "{}"),
            RULE + "/from/1/ipBlock", "may not be combined"),
        reject("ipBlock cidr is required", with(NETWORK_POLICY, RULE + "/from/1/ipBlock", "{except: []}"),
            RULE + "/from/1/ipBlock/cidr", "cidr is required"),
        reject("ipBlock cidr is a CIDR", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/cidr", "10.20.0.0/33"),
            RULE + "/from/1/ipBlock/cidr", "not a CIDR"),
        reject("a bare address is no CIDR", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/cidr", "10.20.0.0"),
            RULE + "/from/1/ipBlock/cidr", "not a CIDR"),
        reject("except lies within cidr", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/except/0", "10.30.0.0/24"),
            RULE + "/from/1/ipBlock/except/0", "strict subset of cidr"),
        reject("except is strictly smaller", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/except/0", "10.20.0.0/16"),
            RULE + "/from/1/ipBlock/except/0", "strict subset"),
        reject("except is a CIDR", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/except/0", "10.20.5.0"),
            RULE + "/from/1/ipBlock/except/0", "not a CIDR"),
        reject("policy types", with(NETWORK_POLICY, "/spec/policyTypes/0", "Both"), "/spec/policyTypes/0",
            "not supported"),
        reject("at most two policy types", with(NETWORK_POLICY, "/spec/policyTypes", "[Ingress, Egress, Ingress]"),
            "/spec/policyTypes", "at most two"),
        reject("egress peers too", with(NETWORK_POLICY, "/spec/egress", "[{to: [{ipBlock: {cidr: 0.0.0.0/0, "
            + "except: [169.254.169.254]}}]}]"), "/spec/egress/0/to/0/ipBlock/except/0", "not a CIDR"),
        reject("podSelector syntax", with(NETWORK_POLICY, "/spec/podSelector/matchLabels/app.kubernetes.io~1instance",
            "word count"), "/spec/podSelector/matchLabels/app.kubernetes.io~1instance", "label value"),
        reject("an Ingress routes something", without(INGRESS, "/spec/rules"), "/spec",
            "needs rules or a defaultBackend"),
        reject("hosts are names, not IPs", with(INGRESS, "/spec/rules/0/host", "10.0.0.1"), "/spec/rules/0/host",
            "not an IP address"),
        reject("hosts are DNS subdomains", with(INGRESS, "/spec/rules/0/host", "Flink.example.com"),
            "/spec/rules/0/host", "DNS-1123 subdomain"),
        reject("wildcards cover one label", with(INGRESS, "/spec/rules/0/host", "'*.*.example.com'"),
            "/spec/rules/0/host", "wildcard host"),
        reject("http has paths", with(INGRESS, "/spec/rules/0/http/paths", "[]"), "/spec/rules/0/http/paths",
            "at least one path"),
        reject("pathType is required", without(INGRESS, PATH + "/pathType"), PATH + "/pathType",
            "pathType is required"),
        reject("pathType values", with(INGRESS, PATH + "/pathType", "Regex"), PATH + "/pathType", "not supported"),
        reject("Prefix paths are absolute", with(INGRESS, PATH + "/path", "api"), PATH + "/path",
            "must be absolute"),
        reject("paths have no empty segments", with(INGRESS, PATH + "/path", "/api//v1"), PATH + "/path",
            "must not contain '//'"),
        reject("paths have no dot segments at the end", with(INGRESS, PATH + "/path", "/api/.."), PATH + "/path",
            "must not end with '/..'"),
        reject("ImplementationSpecific paths are absolute too", with(with(INGRESS, PATH + "/pathType",
            "ImplementationSpecific"), PATH + "/path", "api"), PATH + "/path", "must be absolute"),
        reject("a backend is a service or a resource", with(INGRESS, PATH + "/backend/resource",
            "{kind: Bucket, name: b}"), PATH + "/backend", "not both"),
        reject("backend service names are DNS-1035 labels", with(INGRESS, PATH + "/backend/service/name",
            "wordcount.rest"), PATH + "/backend/service/name", "DNS-1035 label"),
        reject("backend ports: name or number", with(INGRESS, PATH + "/backend/service/port/name", "rest"),
            PATH + "/backend/service/port", "not both"),
        reject("backend ports: one of them", with(INGRESS, PATH + "/backend/service/port", "{}"),
            PATH + "/backend/service/port", "needs port.name or port.number"),
        reject("backend port names are IANA names", with(INGRESS, "/spec/rules/0/http/paths/1/backend/service/port/name",
            "metrics_port"), "/spec/rules/0/http/paths/1/backend/service/port/name", "port name 'metrics_port'"),
        reject("backend port numbers", with(INGRESS, PATH + "/backend/service/port/number", "70000"),
            PATH + "/backend/service/port/number", "between 1 and 65535"),
        reject("TLS hosts", with(INGRESS, "/spec/tls/0/hosts/0", "flink_example.com"), "/spec/tls/0/hosts/0",
            "TLS host"),
        reject("TLS secret names", with(INGRESS, "/spec/tls/0/secretName", "Flink-TLS"), "/spec/tls/0/secretName",
            "DNS-1123 subdomain"),
        reject("ingressClassName", with(INGRESS, "/spec/ingressClassName", "Nginx"), "/spec/ingressClassName",
            "DNS-1123 subdomain"),
        reject("the class annotation agrees with ingressClassName", with(INGRESS,
            "/metadata/annotations/kubernetes.io~1ingress.class", "traefik"),
            "/metadata/annotations/kubernetes.io~1ingress.class", "must match ingressClassName"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("a cidr with host bits set", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/cidr", "10.20.1.1/16")),
        accept("IPv4 octets with leading zeros (ParseCIDRSloppy)", with(NETWORK_POLICY, RULE + "/from/1/ipBlock/cidr",
            "010.020.000.000/16")),
        accept("IPv6 blocks", with(NETWORK_POLICY, RULE + "/from/1/ipBlock",
            "{cidr: 'fd00::/8', except: ['fd00:1::/32', 'fdff:ffff::10.0.0.0/112']}")),
        accept("a rule for all ports", with(NETWORK_POLICY, RULE + "/ports/3", "{protocol: UDP}")),
        accept("an empty rule admits everything", with(NETWORK_POLICY, "/spec/ingress/1", "{}")),
        accept("ImplementationSpecific without a path", without(with(INGRESS, PATH + "/pathType",
            "ImplementationSpecific"), PATH + "/path")),
        accept("only a default backend", with(without(INGRESS, "/spec/rules"), "/spec/defaultBackend",
            "{service: {name: wordcount-rest, port: {number: 8081}}}")),
        accept("a wildcard rule host", with(INGRESS, "/spec/rules/0/host", "'*.flink.example.com'")),
        accept("a resource backend", with(without(INGRESS, PATH + "/backend/service"), PATH + "/backend/resource",
            "{apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}")),
        accept("the class annotation equal to ingressClassName", with(INGRESS,
            "/metadata/annotations/kubernetes.io~1ingress.class", "nginx")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(JsonNode object, String pointer, String fragment, Stage stage) {
    RuleCases.assertRejected(object, pointer, fragment, stage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(JsonNode object) {
    RuleCases.assertAccepted(object);
  }
}
