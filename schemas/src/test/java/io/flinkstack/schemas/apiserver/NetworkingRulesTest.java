package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.INGRESS;
import static io.flinkstack.schemas.TestManifests.NETWORK_POLICY;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** ValidateNetworkPolicySpec and ValidateIngressSpec. */
class NetworkingRulesTest extends RuleCases {
  private static final String RULE = "/spec/ingress/0";
  private static final String PATH = "/spec/rules/0/http/paths/0";

  static Stream<Arguments> rejected() {
    return Stream.of(
        rejectValue("policy port protocols", NETWORK_POLICY, RULE + "/ports/0/protocol", "ICMP", "not supported"),
        rejectValue("policy port numbers", NETWORK_POLICY, RULE + "/ports/0/port", "70000", "between 1 and 65535"),
        rejectValue("policy port names", NETWORK_POLICY, RULE + "/ports/2/port", "Metrics", "port name 'Metrics'"),
        rejectValue("endPort is at least port", NETWORK_POLICY, RULE + "/ports/1/endPort", "6000",
            "must be at least port"),
        rejectValue("endPort needs a numeric port", NETWORK_POLICY, RULE + "/ports/2/endPort", "9300",
            "needs a numeric port"),
        reject("endPort needs a port", with(NETWORK_POLICY, RULE + "/ports/3", "{endPort: 9300}"),
            RULE + "/ports/3/endPort", "needs a port"),
        rejectValue("a peer selects something", NETWORK_POLICY, RULE + "/from/0", "{}",
            "must set podSelector, namespaceSelector or ipBlock"),
        reject("ipBlock stands alone", with(NETWORK_POLICY, RULE + "/from/1/podSelector", "{}"),
            RULE + "/from/1/ipBlock", "may not be combined"),
        reject("ipBlock cidr is required", with(NETWORK_POLICY, RULE + "/from/1/ipBlock", "{except: []}"),
            RULE + "/from/1/ipBlock/cidr", "cidr is required"),
        rejectValue("ipBlock cidr is a CIDR", NETWORK_POLICY, RULE + "/from/1/ipBlock/cidr", "10.20.0.0/33",
            "not a CIDR"),
        rejectValue("a bare address is no CIDR", NETWORK_POLICY, RULE + "/from/1/ipBlock/cidr", "10.20.0.0",
            "not a CIDR"),
        rejectValue("except lies within cidr", NETWORK_POLICY, RULE + "/from/1/ipBlock/except/0", "10.30.0.0/24",
            "strict subset of cidr"),
        rejectValue("except is strictly smaller", NETWORK_POLICY, RULE + "/from/1/ipBlock/except/0", "10.20.0.0/16",
            "strict subset"),
        rejectValue("except is a CIDR", NETWORK_POLICY, RULE + "/from/1/ipBlock/except/0", "10.20.5.0", "not a CIDR"),
        rejectValue("policy types", NETWORK_POLICY, "/spec/policyTypes/0", "Both", "not supported"),
        rejectValue("at most two policy types", NETWORK_POLICY, "/spec/policyTypes", "[Ingress, Egress, Ingress]",
            "at most two"),
        reject("egress peers too", with(NETWORK_POLICY, "/spec/egress", "[{to: [{ipBlock: {cidr: 0.0.0.0/0, "
            + "except: [169.254.169.254]}}]}]"), "/spec/egress/0/to/0/ipBlock/except/0", "not a CIDR"),
        rejectValue("podSelector syntax", NETWORK_POLICY, "/spec/podSelector/matchLabels/app.kubernetes.io~1instance",
            "word count", "label value"),
        reject("an Ingress routes something", without(INGRESS, "/spec/rules"), "/spec",
            "needs rules or a defaultBackend"),
        rejectValue("hosts are names, not IPs", INGRESS, "/spec/rules/0/host", "10.0.0.1", "not an IP address"),
        rejectValue("hosts are DNS subdomains", INGRESS, "/spec/rules/0/host", "Flink.example.com",
            "DNS-1123 subdomain"),
        rejectValue("wildcards cover one label", INGRESS, "/spec/rules/0/host", "'*.*.example.com'", "wildcard host"),
        rejectValue("http has paths", INGRESS, "/spec/rules/0/http/paths", "[]", "at least one path"),
        reject("pathType is required", without(INGRESS, PATH + "/pathType"), PATH + "/pathType",
            "pathType is required"),
        rejectValue("pathType values", INGRESS, PATH + "/pathType", "Regex", "not supported"),
        rejectValue("Prefix paths are absolute", INGRESS, PATH + "/path", "api", "must be absolute"),
        rejectValue("paths have no empty segments", INGRESS, PATH + "/path", "/api//v1", "must not contain '//'"),
        rejectValue("paths have no dot segments at the end", INGRESS, PATH + "/path", "/api/..",
            "must not end with '/..'"),
        reject("ImplementationSpecific paths are absolute too", with(with(INGRESS, PATH + "/pathType",
            "ImplementationSpecific"), PATH + "/path", "api"), PATH + "/path", "must be absolute"),
        reject("a backend is a service or a resource", with(INGRESS, PATH + "/backend/resource",
            "{kind: Bucket, name: b}"), PATH + "/backend", "not both"),
        rejectValue("backend service names are DNS-1035 labels", INGRESS, PATH + "/backend/service/name",
            "wordcount.rest", "DNS-1035 label"),
        reject("backend ports: name or number", with(INGRESS, PATH + "/backend/service/port/name", "rest"),
            PATH + "/backend/service/port", "not both"),
        rejectValue("backend ports: one of them", INGRESS, PATH + "/backend/service/port", "{}",
            "needs port.name or port.number"),
        rejectValue("backend port names are IANA names", INGRESS,
            "/spec/rules/0/http/paths/1/backend/service/port/name", "metrics_port", "port name 'metrics_port'"),
        rejectValue("backend port numbers", INGRESS, PATH + "/backend/service/port/number", "70000",
            "between 1 and 65535"),
        rejectValue("TLS hosts", INGRESS, "/spec/tls/0/hosts/0", "flink_example.com", "TLS host"),
        rejectValue("TLS secret names", INGRESS, "/spec/tls/0/secretName", "Flink-TLS", "DNS-1123 subdomain"),
        rejectValue("ingressClassName", INGRESS, "/spec/ingressClassName", "Nginx", "DNS-1123 subdomain"),
        rejectValue("the class annotation agrees with ingressClassName", INGRESS,
            "/metadata/annotations/kubernetes.io~1ingress.class", "traefik", "must match ingressClassName"));
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
}
