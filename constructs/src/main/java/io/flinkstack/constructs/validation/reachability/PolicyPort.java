package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code NetworkPolicyPort}: a protocol (TCP when left out), and a port number (up to {@code endPort} when set),
 * a container port name of the destination pod, or neither (every port of the protocol).
 */
record PolicyPort(String protocol, Integer number, String name, Integer endPort) {
  static PolicyPort parse(JsonNode node) {
    JsonNode port = node.path("port");
    return new PolicyPort(node.path("protocol").asText("TCP"),
        port.isInt() ? Integer.valueOf(port.asInt()) : null,
        port.isTextual() ? port.asText() : null,
        node.path("endPort").isInt() ? node.path("endPort").asInt() : null);
  }

  /**
   * Whether this entry admits TCP {@code port} of {@code destination}; a null port is "any port" (Flink's data
   * exchange on a random port), which only an entry with neither number nor name admits.
   */
  boolean admits(Integer port, Endpoint destination) {
    if (!protocol.equals("TCP")) {
      return false;
    }
    if (number == null && name == null) {
      return true;
    }
    if (port == null) {
      return false;
    }
    if (name != null) {
      return port.equals(destination.ports().get(name));
    }
    return port >= number && port <= (endPort == null ? number : endPort);
  }
}
