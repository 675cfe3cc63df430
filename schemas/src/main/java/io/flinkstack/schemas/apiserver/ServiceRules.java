package io.flinkstack.schemas.apiserver;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Services: {@code pkg/apis/core/validation/validation.go} ValidateService and validateServicePort, with the
 * defaults the API server applies first (type ClusterIP, protocol TCP, targetPort = port), plus the NodePort
 * allocator's range check ({@code pkg/registry/core/service/portallocator}, default --service-node-port-range
 * 30000-32767).
 */
final class ServiceRules {
  private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
  private static final Set<String> AFFINITIES = Set.of("ClientIP", "None");
  private static final Set<String> TRAFFIC_POLICIES = Set.of("Cluster", "Local");
  private static final Set<String> IP_FAMILY_POLICIES = Set.of("SingleStack", "PreferDualStack", "RequireDualStack");
  static final int NODE_PORT_MIN = 30000;
  static final int NODE_PORT_MAX = 32767;

  private ServiceRules() {}

  static void check(Field object, Problems problems) {
    Field spec = object.get("spec");
    Field typeField = spec.get("type");
    ContainerRules.values(typeField, TYPES, problems);
    String type = typeField.textOrEmpty().isEmpty() ? "ClusterIP" : typeField.text();
    Field clusterIP = spec.get("clusterIP");
    boolean headless = "None".equals(clusterIP.text())
        || "None".equals(spec.get("clusterIPs").items().stream().findFirst().map(Field::text).orElse(null));
    if (headless && (type.equals("NodePort") || type.equals("LoadBalancer"))) {
      problems.report(clusterIP, "clusterIP may not be 'None' for a " + type + " Service; headless Services must be"
          + " type ClusterIP");
    }
    if (type.equals("ExternalName")) {
      if (!clusterIP.textOrEmpty().isEmpty()) {
        problems.report(clusterIP, "clusterIP may not be set on an ExternalName Service");
      }
      String externalName = spec.get("externalName").textOrEmpty();
      String cname = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1) : externalName;
      String problem = cname.isEmpty() ? "is required for an ExternalName Service" : Formats.dns1123Subdomain(cname);
      if (problem != null) {
        problems.report(spec.get("externalName"), "externalName " + problem);
      }
    } else if (!clusterIP.textOrEmpty().isEmpty() && !headless && !Cidr.isIp(clusterIP.text())) {
      problems.report(clusterIP, clusterIP.shown() + " must be an IP address, 'None' or empty");
    }

    Field ports = spec.get("ports");
    if (!ports.hasEntries() && !headless && !type.equals("ExternalName")) {
      problems.report(ports, "a Service needs at least one port (only headless and ExternalName Services may have"
          + " none)");
    }
    List<Field> portList = ports.items();
    Set<String> names = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    Set<String> nodePortKeys = new HashSet<>();
    for (Field port : portList) {
      Field name = port.get("name");
      if (name.textOrEmpty().isEmpty()) {
        if (portList.size() > 1) {
          problems.report(name, "every port needs a name when a Service has more than one port");
        }
      } else {
        // Service port names are DNS-1123 labels, not the IANA names container ports use.
        String problem = Formats.dns1123Label(name.text());
        if (problem != null) {
          problems.report(name, "port name " + name.shown() + " " + problem);
        } else if (!names.add(name.text())) {
          problems.report(name, "port name " + name.shown() + " is used twice; Service port names must be unique");
        }
      }
      Field number = port.get("port");
      number.integer().ifPresent(p -> ContainerRules.portNumber(number, p, "port", problems));
      ContainerRules.values(port.get("protocol"), PROTOCOLS, problems);
      String protocol = port.get("protocol").textOrEmpty().isEmpty() ? "TCP" : port.get("protocol").text();
      if (number.isInt() && !portKeys.add(protocol + "/" + number.value().longValue())) {
        problems.report(port, "port " + number.value().longValue() + "/" + protocol + " is listed twice; each"
            + " port/protocol pair may appear once");
      }
      Field targetPort = port.get("targetPort");
      if (!(targetPort.isInt() && targetPort.value().longValue() == 0) && !"".equals(targetPort.text())) {
        ContainerRules.portNumberOrName(targetPort, problems);
      }
      Field appProtocol = port.get("appProtocol");
      if (appProtocol.isText()) {
        String problem = Formats.qualifiedName(appProtocol.text());
        if (problem != null) {
          problems.report(appProtocol, "appProtocol " + problem);
        }
      }
      Field nodePort = port.get("nodePort");
      long node = nodePort.integer().orElse(0L);
      if (node != 0) {
        if (type.equals("ClusterIP")) {
          problems.report(nodePort, "nodePort may not be set on a ClusterIP Service; use type NodePort or"
              + " LoadBalancer, or remove it");
        } else if (!nodePortKeys.add(protocol + "/" + node)) {
          problems.report(nodePort, "nodePort " + node + "/" + protocol + " is used twice in this Service");
        } else if (node < NODE_PORT_MIN || node > NODE_PORT_MAX) {
          problems.at(Stage.ALLOCATOR).report(nodePort, "nodePort " + node + " is outside the node port range "
              + NODE_PORT_MIN + "-" + NODE_PORT_MAX + "; pick a port in it or leave nodePort unset");
        }
      }
    }

    Field selector = spec.get("selector");
    Selectors.labels(selector, problems);
    ContainerRules.values(spec.get("sessionAffinity"), AFFINITIES, problems);
    if (spec.get("sessionAffinityConfig").isSet() && !"ClientIP".equals(spec.get("sessionAffinity").text())) {
      problems.report(spec.get("sessionAffinityConfig"), "sessionAffinityConfig only applies with sessionAffinity"
          + " ClientIP; remove it");
    }
    boolean externallyAccessible = type.equals("NodePort") || type.equals("LoadBalancer")
        || type.equals("ClusterIP") && spec.get("externalIPs").hasEntries();
    Field externalTrafficPolicy = spec.get("externalTrafficPolicy");
    if (!externalTrafficPolicy.textOrEmpty().isEmpty() && !externallyAccessible) {
      problems.report(externalTrafficPolicy, "externalTrafficPolicy may only be set on externally reachable Services"
          + " (NodePort, LoadBalancer, or with externalIPs); remove it");
    }
    ContainerRules.values(externalTrafficPolicy, TRAFFIC_POLICIES, problems);
    ContainerRules.values(spec.get("internalTrafficPolicy"), TRAFFIC_POLICIES, problems);
    ContainerRules.values(spec.get("ipFamilyPolicy"), IP_FAMILY_POLICIES, problems);
    Field sourceRanges = spec.get("loadBalancerSourceRanges");
    if (sourceRanges.hasEntries() && !type.equals("LoadBalancer")) {
      problems.report(sourceRanges, "loadBalancerSourceRanges may only be used with type LoadBalancer");
    }
    for (Field range : sourceRanges.items()) {
      if (range.isText() && Cidr.parse(range.text().strip()).isEmpty()) {
        problems.report(range, range.shown() + " is not a CIDR, e.g. 10.0.0.0/8");
      }
    }
    if (spec.get("allocateLoadBalancerNodePorts").isSet() && !type.equals("LoadBalancer")) {
      problems.report(spec.get("allocateLoadBalancerNodePorts"), "may only be used with type LoadBalancer");
    }
    for (Field ip : spec.get("externalIPs").items()) {
      if (ip.isText() && !Cidr.isIp(ip.text())) {
        problems.report(ip, ip.shown() + " is not an IP address");
      }
    }
  }
}
