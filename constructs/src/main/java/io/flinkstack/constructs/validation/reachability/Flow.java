package io.flinkstack.constructs.validation.reachability;

/**
 * Traffic a Flink cluster needs: from {@code source} to TCP {@code port} of {@code destination}.
 *
 * @param port null for "some port picked at run time" (Flink's data exchange between TaskManagers)
 * @param purpose what the flow is for, e.g. "rpc (6123)"
 */
public record Flow(Endpoint source, Endpoint destination, Integer port, String purpose) {
  String describe() {
    return source.description() + " → " + destination.description() + ": " + purpose;
  }
}
