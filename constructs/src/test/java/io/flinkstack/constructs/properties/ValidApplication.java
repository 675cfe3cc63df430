package io.flinkstack.constructs.properties;

import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generated props that must resolve, kept as the builder calls that make them plus the facts a breakage needs
 * to break exactly one thing (the version, the slot count, the configuration to add a key to).
 *
 * @param version the Flink version the calls select
 * @param slots how many slots the job may use: (taskManagers, or autoscaling.maxReplicas) × taskSlots
 * @param flinkConfiguration the configuration, applied after the calls
 * @param calls every other builder call, in order
 */
record ValidApplication(FlinkVersion version, int slots, Map<String, String> flinkConfiguration,
    List<PropsCall> calls) {

  FlinkApplicationProps props() {
    return builder().build();
  }

  /** The props with {@code extra} applied last, so it wins over what the calls set. */
  FlinkApplicationProps propsWith(PropsCall extra) {
    return extra.applyTo(builder()).build();
  }

  /** Fresh each time: builders are mutable, and a property may build the same props twice. */
  FlinkApplicationProps.Builder builder() {
    FlinkApplicationProps.Builder builder = FlinkApplicationProps.builder();
    for (PropsCall call : calls) {
      builder = call.applyTo(builder);
    }
    return builder.flinkConfiguration(new LinkedHashMap<>(flinkConfiguration));
  }

  /** The configuration plus one entry (which may replace a generated one). */
  Map<String, String> configurationWith(String key, String value) {
    Map<String, String> config = new LinkedHashMap<>(flinkConfiguration);
    config.put(key, value);
    return config;
  }

  @Override
  public String toString() {
    return "FlinkApplicationProps.builder()" + calls.stream().map(c -> "\n    ." + c).collect(Collectors.joining())
        + "\n    .flinkConfiguration(" + Java.map(flinkConfiguration) + ")\n    .build()";
  }
}
