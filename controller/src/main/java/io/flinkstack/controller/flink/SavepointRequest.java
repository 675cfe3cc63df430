package io.flinkstack.controller.flink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What a savepoint (or stop-with-savepoint) should produce.
 *
 * @param targetDirectory where to write it; empty means the cluster's configured savepoint directory
 * @param triggerId the operation id to use; Flink treats a repeated trigger with the same id as the same
 *     operation, so a controller that records the id before triggering can retry safely
 */
public record SavepointRequest(Optional<String> targetDirectory, SavepointFormat format, Optional<String> triggerId) {

  public static SavepointRequest to(String targetDirectory) {
    return new SavepointRequest(Optional.of(targetDirectory), SavepointFormat.CANONICAL, Optional.empty());
  }

  public static SavepointRequest toDefaultDirectory() {
    return new SavepointRequest(Optional.empty(), SavepointFormat.CANONICAL, Optional.empty());
  }

  public SavepointRequest withFormat(SavepointFormat value) {
    return new SavepointRequest(targetDirectory, value, triggerId);
  }

  public SavepointRequest withTriggerId(String id) {
    return new SavepointRequest(targetDirectory, format, Optional.of(id));
  }

  // The two endpoints spell the directory differently: "target-directory" here, "targetDirectory" for stop.
  ObjectNode toSavepointJson() {
    ObjectNode body = RestTransport.JSON.createObjectNode();
    body.put("cancel-job", false);
    targetDirectory.ifPresent(value -> body.put("target-directory", value));
    body.put("formatType", format.name());
    triggerId.ifPresent(value -> body.put("triggerId", value));
    return body;
  }

  ObjectNode toStopJson(boolean drain) {
    ObjectNode body = RestTransport.JSON.createObjectNode();
    body.put("drain", drain);
    targetDirectory.ifPresent(value -> body.put("targetDirectory", value));
    body.put("formatType", format.name());
    triggerId.ifPresent(value -> body.put("triggerId", value));
    return body;
  }
}
