package io.flinkstack.schemas.apiserver;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * NetworkPolicies and Ingresses: {@code pkg/apis/networking/validation/validation.go} ValidateNetworkPolicySpec
 * (ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock) and ValidateIngressCreate
 * (ValidateIngressSpec, validateIngressRules, validateHTTPIngressPath, validateIngressBackend, validateIngressTLS).
 */
final class NetworkingRules {
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
  private static final Set<String> POLICY_TYPES = Set.of("Ingress", "Egress");
  private static final Set<String> PATH_TYPES = Set.of("Exact", "Prefix", "ImplementationSpecific");
  private static final List<String> INVALID_PATH_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
  private static final List<String> INVALID_PATH_SUFFIXES = List.of("/..", "/.");
  private static final String INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

  private NetworkingRules() {}

  static void networkPolicy(Field object, Problems problems) {
    Field spec = object.get("spec");
    Selectors.selector(spec.get("podSelector"), problems);
    for (String direction : List.of("ingress", "egress")) {
      String peers = direction.equals("ingress") ? "from" : "to";
      for (Field rule : spec.get(direction).items()) {
        rule.get("ports").items().forEach(port -> policyPort(port, problems));
        rule.get(peers).items().forEach(peer -> peer(peer, problems));
      }
    }
    Field types = spec.get("policyTypes");
    if (types.isArray() && types.value().size() > 2) {
      problems.report(types, "may list at most two policy types (Ingress and Egress)");
    }
    types.items().forEach(type -> ContainerRules.values(type, POLICY_TYPES, problems));
  }

  private static void policyPort(Field port, Problems problems) {
    ContainerRules.values(port.get("protocol"), PROTOCOLS, problems);
    Field number = port.get("port");
    Field endPort = port.get("endPort");
    if (number.isInt()) {
      long start = number.value().longValue();
      ContainerRules.portNumber(number, start, "port", problems);
      endPort.integer().ifPresent(end -> {
        if (end < start) {
          problems.report(endPort, "endPort (" + end + ") must be at least port (" + start + ")");
        }
        ContainerRules.portNumber(endPort, end, "endPort", problems);
      });
    } else if (number.isText()) {
      ContainerRules.portNumberOrName(number, problems);
      if (endPort.isSet()) {
        problems.report(endPort, "endPort needs a numeric port; a named port cannot start a range");
      }
    } else if (endPort.isSet()) {
      problems.report(endPort, "endPort needs a port to start the range");
    }
  }

  /** ValidateNetworkPolicyPeer: at least one selector or an ipBlock, and an ipBlock alone. */
  private static void peer(Field peer, Problems problems) {
    Field pods = peer.get("podSelector");
    Field namespaces = peer.get("namespaceSelector");
    Field ipBlock = peer.get("ipBlock");
    if (pods.isSet()) {
      Selectors.selector(pods, problems);
    }
    if (namespaces.isSet()) {
      Selectors.selector(namespaces, problems);
    }
    if (!pods.isSet() && !namespaces.isSet() && !ipBlock.isSet()) {
      problems.report(peer, "a peer must set podSelector, namespaceSelector or ipBlock");
    } else if (ipBlock.isSet() && (pods.isSet() || namespaces.isSet())) {
      problems.report(ipBlock, "ipBlock may not be combined with podSelector or namespaceSelector in one peer; make"
          + " it a separate peer");
    }
    if (ipBlock.isSet()) {
      ipBlock(ipBlock, problems);
    }
  }

  /** ValidateIPBlock: a valid cidr, and each except a valid CIDR strictly inside it. */
  private static void ipBlock(Field ipBlock, Problems problems) {
    Field cidrField = ipBlock.get("cidr");
    if (cidrField.textOrEmpty().isEmpty()) {
      problems.report(cidrField, "cidr is required, e.g. 10.0.0.0/8");
      return;
    }
    Optional<Cidr> cidr = Cidr.parse(cidrField.text());
    if (cidr.isEmpty()) {
      problems.report(cidrField, cidrField.shown() + " is not a CIDR, e.g. 10.0.0.0/8 or 2001:db8::/64");
      return;
    }
    for (Field except : ipBlock.get("except").items()) {
      Optional<Cidr> inner = except.isText() ? Cidr.parse(except.text()) : Optional.empty();
      if (except.isText() && inner.isEmpty()) {
        problems.report(except, except.shown() + " is not a CIDR");
      } else if (inner.isPresent() && !cidr.get().strictlyContains(inner.get())) {
        problems.report(except, except.shown() + " must be a strict subset of cidr " + cidrField.shown());
      }
    }
  }

  static void ingress(Field object, Problems problems) {
    Field spec = object.get("spec");
    Field rules = spec.get("rules");
    if (!rules.hasEntries() && !spec.get("defaultBackend").isSet()) {
      problems.report(spec, "an Ingress needs rules or a defaultBackend");
    }
    if (spec.get("defaultBackend").isSet()) {
      backend(spec.get("defaultBackend"), problems);
    }
    for (Field rule : rules.items()) {
      Field host = rule.get("host");
      if (!host.textOrEmpty().isEmpty()) {
        host(host, problems);
      }
      Field http = rule.get("http");
      if (http.isSet()) {
        Field paths = http.get("paths");
        if (!paths.hasEntries()) {
          problems.report(paths, "http needs at least one path");
        }
        paths.items().forEach(path -> path(path, problems));
      }
    }
    for (Field tls : spec.get("tls").items()) {
      for (Field host : tls.get("hosts").items()) {
        if (host.isText()) {
          String problem = host.text().contains("*") ? Formats.wildcardSubdomain(host.text())
              : Formats.dns1123Subdomain(host.text());
          if (problem != null) {
            problems.report(host, "TLS host " + host.shown() + " " + problem);
          }
        }
      }
      Field secretName = tls.get("secretName");
      if (!secretName.textOrEmpty().isEmpty()) {
        String problem = Formats.dns1123Subdomain(secretName.text());
        if (problem != null) {
          problems.report(secretName, "secretName " + secretName.shown() + " " + problem);
        }
      }
    }
    Field className = spec.get("ingressClassName");
    if (className.isText()) {
      String problem = Formats.dns1123Subdomain(className.text());
      if (problem != null) {
        problems.report(className, "ingressClassName " + className.shown() + " " + problem);
      }
      Field annotation = object.get("metadata", "annotations", INGRESS_CLASS_ANNOTATION);
      if (annotation.isText() && !annotation.text().equals(className.text())) {
        problems.report(annotation, "the " + INGRESS_CLASS_ANNOTATION + " annotation must match ingressClassName "
            + className.shown() + " when both are set; drop the annotation");
      }
    }
  }

  private static void host(Field host, Problems problems) {
    if (Cidr.isIp(host.text())) {
      problems.report(host, "host must be a DNS name, not an IP address");
      return;
    }
    String problem = host.text().contains("*") ? Formats.wildcardSubdomain(host.text())
        : Formats.dns1123Subdomain(host.text());
    if (problem != null) {
      problems.report(host, "host " + host.shown() + " " + problem);
    }
  }

  /** validateHTTPIngressPath: pathType required; Exact and Prefix paths absolute and free of dot segments. */
  private static void path(Field path, Problems problems) {
    Field pathType = path.get("pathType");
    Field value = path.get("path");
    String text = value.textOrEmpty();
    if (pathType.textOrEmpty().isEmpty()) {
      problems.report(pathType, "pathType is required: Exact, Prefix or ImplementationSpecific");
    } else if (!PATH_TYPES.contains(pathType.text())) {
      problems.report(pathType, pathType.shown() + " is not supported; use one of "
          + ContainerRules.sorted(PATH_TYPES));
    } else if (pathType.text().equals("ImplementationSpecific")) {
      if (!text.isEmpty() && !text.startsWith("/")) {
        problems.report(value, "path must be absolute (start with '/')");
      }
    } else {
      if (!text.startsWith("/")) {
        problems.report(value, "path must be absolute (start with '/') for pathType " + pathType.text());
      }
      for (String sequence : INVALID_PATH_SEQUENCES) {
        if (text.contains(sequence)) {
          problems.report(value, "path must not contain '" + sequence + "'");
        }
      }
      for (String suffix : INVALID_PATH_SUFFIXES) {
        if (text.endsWith(suffix)) {
          problems.report(value, "path must not end with '" + suffix + "'");
        }
      }
    }
    backend(path.get("backend"), problems);
  }

  /** validateIngressBackend: a service (DNS-1035 name and a port name or number) or a resource, not both. */
  private static void backend(Field backend, Problems problems) {
    Field service = backend.get("service");
    Field resource = backend.get("resource");
    if (service.isSet() && resource.isSet()) {
      problems.report(backend, "a backend is a service or a resource, not both");
      return;
    }
    if (!service.isSet() && !resource.isSet()) {
      problems.report(backend, "a backend needs a service (or a resource)");
      return;
    }
    if (resource.isSet()) {
      for (String member : List.of("kind", "name")) {
        Field field = resource.get(member);
        String problem = field.textOrEmpty().isEmpty() ? "is required" : Formats.pathSegmentName(field.text());
        if (problem != null) {
          problems.report(field, member + " " + problem);
        }
      }
      return;
    }
    Field name = service.get("name");
    String nameProblem = name.textOrEmpty().isEmpty() ? "is required" : Formats.dns1035Label(name.text());
    if (nameProblem != null) {
      problems.report(name, "service name " + name.shown() + " " + nameProblem);
    }
    Field portName = service.get("port", "name");
    Field portNumber = service.get("port", "number");
    boolean hasName = !portName.textOrEmpty().isEmpty();
    boolean hasNumber = portNumber.integer().orElse(0L) != 0;
    if (hasName && hasNumber) {
      problems.report(service.get("port"), "set the port's name or its number, not both");
    } else if (hasName) {
      String problem = Formats.ianaPortName(portName.text());
      if (problem != null) {
        problems.report(portName, "port name " + portName.shown() + " " + problem);
      }
    } else if (hasNumber) {
      ContainerRules.portNumber(portNumber, portNumber.value().longValue(), "port number", problems);
    } else {
      problems.report(service.get("port"), "a service backend needs port.name or port.number");
    }
  }
}
