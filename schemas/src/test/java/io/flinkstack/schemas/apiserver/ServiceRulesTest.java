package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.apiserver.Manifests.HEADLESS_SERVICE;
import static io.flinkstack.schemas.apiserver.Manifests.SERVICE;
import static io.flinkstack.schemas.apiserver.Manifests.with;
import static io.flinkstack.schemas.apiserver.Manifests.without;
import static io.flinkstack.schemas.apiserver.RuleCases.accept;
import static io.flinkstack.schemas.apiserver.RuleCases.reject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ValidateService and validateServicePort, after the Service defaults. */
class ServiceRulesTest {
  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("a Service has ports", without(SERVICE, "/spec/ports"), "/spec/ports", "at least one port"),
        reject("several ports are all named", without(SERVICE, "/spec/ports/1/name"), "/spec/ports/1/name",
            "every port needs a name"),
        reject("port names are DNS labels", with(SERVICE, "/spec/ports/1/name", "Metrics"), "/spec/ports/1/name",
            "port name 'Metrics' must be a DNS-1123 label"),
        reject("port names are unique", with(SERVICE, "/spec/ports/1/name", "rest"), "/spec/ports/1/name",
            "used twice"),
        reject("ports are 1-65535", with(SERVICE, "/spec/ports/1/port", "70000"), "/spec/ports/1/port",
            "between 1 and 65535"),
        reject("port/protocol pairs are unique", with(SERVICE, "/spec/ports/1/port", "8081"), "/spec/ports/1",
            "8081/TCP is listed twice"),
        reject("protocol values", with(SERVICE, "/spec/ports/1/protocol", "HTTP"), "/spec/ports/1/protocol",
            "not supported"),
        reject("named target ports are IANA names", with(SERVICE, "/spec/ports/0/targetPort", "rest_port"),
            "/spec/ports/0/targetPort", "port name 'rest_port'"),
        reject("numeric target ports are 1-65535", with(SERVICE, "/spec/ports/1/targetPort", "70000"),
            "/spec/ports/1/targetPort", "between 1 and 65535"),
        reject("appProtocol is a qualified name", with(SERVICE, "/spec/ports/1/appProtocol", "a/b/c"),
            "/spec/ports/1/appProtocol", "appProtocol"),
        reject("no nodePort on a ClusterIP Service", with(SERVICE, "/spec/type", "ClusterIP"),
            "/spec/ports/0/nodePort", "may not be set on a ClusterIP Service"),
        reject("nodePorts are unique", with(SERVICE, "/spec/ports/1/nodePort", "30081"), "/spec/ports/1/nodePort",
            "used twice"),
        reject("nodePorts lie in the node port range", with(SERVICE, "/spec/ports/0/nodePort", "8081"),
            "/spec/ports/0/nodePort", "outside the node port range 30000-32767", Stage.ALLOCATOR),
        reject("headless Services are ClusterIP", with(SERVICE, "/spec/clusterIP", "None"), "/spec/clusterIP",
            "may not be 'None' for a NodePort Service"),
        reject("clusterIP is an IP", with(HEADLESS_SERVICE, "/spec/clusterIP", "10.96.0.300"), "/spec/clusterIP",
            "must be an IP address"),
        reject("ExternalName has no clusterIP", with(with(HEADLESS_SERVICE, "/spec/type", "ExternalName"),
            "/spec/externalName", "flink.example.com"), "/spec/clusterIP", "may not be set on an ExternalName"),
        reject("ExternalName needs externalName", with(without(HEADLESS_SERVICE, "/spec/clusterIP"), "/spec/type",
            "ExternalName"), "/spec/externalName", "is required"),
        reject("selector label syntax", with(SERVICE, "/spec/selector/app.kubernetes.io~1name", "flink!"),
            "/spec/selector/app.kubernetes.io~1name", "label value 'flink!'"),
        reject("Service types", with(SERVICE, "/spec/type", "Internal"), "/spec/type", "not supported"),
        reject("sessionAffinity values", with(SERVICE, "/spec/sessionAffinity", "Sticky"), "/spec/sessionAffinity",
            "not supported"),
        reject("sessionAffinityConfig needs ClientIP", with(SERVICE, "/spec/sessionAffinityConfig",
            "{clientIP: {timeoutSeconds: 60}}"), "/spec/sessionAffinityConfig", "only applies with sessionAffinity"),
        reject("externalTrafficPolicy only on reachable Services", with(HEADLESS_SERVICE,
            "/spec/externalTrafficPolicy", "Local"), "/spec/externalTrafficPolicy", "externally reachable"),
        reject("externalTrafficPolicy values", with(SERVICE, "/spec/externalTrafficPolicy", "Global"),
            "/spec/externalTrafficPolicy", "not supported"),
        reject("internalTrafficPolicy values", with(SERVICE, "/spec/internalTrafficPolicy", "Node"),
            "/spec/internalTrafficPolicy", "not supported"),
        reject("loadBalancerSourceRanges need a LoadBalancer", with(SERVICE, "/spec/loadBalancerSourceRanges",
            "[10.0.0.0/8]"), "/spec/loadBalancerSourceRanges", "only be used with type LoadBalancer"),
        reject("loadBalancerSourceRanges are CIDRs", with(with(SERVICE, "/spec/type", "LoadBalancer"),
            "/spec/loadBalancerSourceRanges", "[10.0.0.0]"), "/spec/loadBalancerSourceRanges/0", "not a CIDR"),
        reject("allocateLoadBalancerNodePorts needs a LoadBalancer", with(SERVICE,
            "/spec/allocateLoadBalancerNodePorts", "false"), "/spec/allocateLoadBalancerNodePorts",
            "only be used with type LoadBalancer"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("a headless Service", Manifests.parse(HEADLESS_SERVICE)),
        accept("a headless Service without ports", without(HEADLESS_SERVICE, "/spec/ports")),
        accept("one unnamed port", without(without(SERVICE, "/spec/ports/1"), "/spec/ports/0/name")),
        accept("targetPort 0 defaults to port", with(SERVICE, "/spec/ports/1/targetPort", "0")),
        accept("the same port over UDP", with(with(SERVICE, "/spec/ports/1/port", "8081"), "/spec/ports/1/protocol",
            "UDP")),
        accept("externalTrafficPolicy on a NodePort Service", with(SERVICE, "/spec/externalTrafficPolicy", "Local")),
        accept("space-padded source ranges on a LoadBalancer", with(with(SERVICE, "/spec/type", "LoadBalancer"),
            "/spec/loadBalancerSourceRanges", "[' 10.0.0.0/8 ']")),
        accept("ExternalName with a trailing dot", with(with(without(without(HEADLESS_SERVICE, "/spec/clusterIP"),
            "/spec/ports"), "/spec/type", "ExternalName"), "/spec/externalName", "flink.example.com.")));
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
