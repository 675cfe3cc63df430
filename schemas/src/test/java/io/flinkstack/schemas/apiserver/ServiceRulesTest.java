package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.HEADLESS_SERVICE;
import static io.flinkstack.schemas.TestManifests.SERVICE;
import static io.flinkstack.schemas.TestManifests.parse;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** ValidateService and validateServicePort, after the Service defaults. */
class ServiceRulesTest extends RuleCases {
  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("a Service has ports", without(SERVICE, "/spec/ports"), "/spec/ports", "at least one port"),
        reject("several ports are all named", without(SERVICE, "/spec/ports/1/name"), "/spec/ports/1/name",
            "every port needs a name"),
        rejectValue("port names are DNS labels", SERVICE, "/spec/ports/1/name", "Metrics",
            "port name 'Metrics' must be a DNS-1123 label"),
        rejectValue("port names are unique", SERVICE, "/spec/ports/1/name", "rest", "used twice"),
        rejectValue("ports are 1-65535", SERVICE, "/spec/ports/1/port", "70000", "between 1 and 65535"),
        reject("port/protocol pairs are unique", with(SERVICE, "/spec/ports/1/port", "8081"), "/spec/ports/1",
            "8081/TCP is listed twice"),
        rejectValue("protocol values", SERVICE, "/spec/ports/1/protocol", "HTTP", "not supported"),
        rejectValue("named target ports are IANA names", SERVICE, "/spec/ports/0/targetPort", "rest_port",
            "port name 'rest_port'"),
        rejectValue("numeric target ports are 1-65535", SERVICE, "/spec/ports/1/targetPort", "70000",
            "between 1 and 65535"),
        rejectValue("appProtocol is a qualified name", SERVICE, "/spec/ports/1/appProtocol", "a/b/c", "appProtocol"),
        reject("no nodePort on a ClusterIP Service", with(SERVICE, "/spec/type", "ClusterIP"),
            "/spec/ports/0/nodePort", "may not be set on a ClusterIP Service"),
        rejectValue("nodePorts are unique", SERVICE, "/spec/ports/1/nodePort", "30081", "used twice"),
        rejectValue("nodePorts lie in the node port range", SERVICE, "/spec/ports/0/nodePort", "8081",
            "outside the node port range 30000-32767", Stage.ALLOCATOR),
        rejectValue("headless Services are ClusterIP", SERVICE, "/spec/clusterIP", "None",
            "may not be 'None' for a NodePort Service"),
        rejectValue("clusterIP is an IP", HEADLESS_SERVICE, "/spec/clusterIP", "10.96.0.300", "must be an IP address"),
        reject("ExternalName has no clusterIP", with(with(HEADLESS_SERVICE, "/spec/type", "ExternalName"),
            "/spec/externalName", "flink.example.com"), "/spec/clusterIP", "may not be set on an ExternalName"),
        reject("ExternalName needs externalName", with(without(HEADLESS_SERVICE, "/spec/clusterIP"), "/spec/type",
            "ExternalName"), "/spec/externalName", "is required"),
        rejectValue("selector label syntax", SERVICE, "/spec/selector/app.kubernetes.io~1name", "flink!",
            "label value 'flink!'"),
        rejectValue("Service types", SERVICE, "/spec/type", "Internal", "not supported"),
        rejectValue("sessionAffinity values", SERVICE, "/spec/sessionAffinity", "Sticky", "not supported"),
        rejectValue("sessionAffinityConfig needs ClientIP", SERVICE, "/spec/sessionAffinityConfig",
            "{clientIP: {timeoutSeconds: 60}}", "only applies with sessionAffinity"),
        rejectValue("externalTrafficPolicy only on reachable Services", HEADLESS_SERVICE, "/spec/externalTrafficPolicy",
            "Local", "externally reachable"),
        rejectValue("externalTrafficPolicy values", SERVICE, "/spec/externalTrafficPolicy", "Global", "not supported"),
        rejectValue("internalTrafficPolicy values", SERVICE, "/spec/internalTrafficPolicy", "Node", "not supported"),
        rejectValue("loadBalancerSourceRanges need a LoadBalancer", SERVICE, "/spec/loadBalancerSourceRanges",
            "[10.0.0.0/8]", "only be used with type LoadBalancer"),
        reject("loadBalancerSourceRanges are CIDRs", with(with(SERVICE, "/spec/type", "LoadBalancer"),
            "/spec/loadBalancerSourceRanges", "[10.0.0.0]"), "/spec/loadBalancerSourceRanges/0", "not a CIDR"),
        rejectValue("allocateLoadBalancerNodePorts needs a LoadBalancer", SERVICE,
            "/spec/allocateLoadBalancerNodePorts", "false", "only be used with type LoadBalancer"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("a headless Service", parse(HEADLESS_SERVICE)),
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
}
