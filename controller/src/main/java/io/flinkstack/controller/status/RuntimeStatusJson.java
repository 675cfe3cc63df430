package io.flinkstack.controller.status;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.flinkstack.contract.RuntimeStatus;

/**
 * {@link RuntimeStatus} as the tree stored in a FlinkJob's {@code status.runtime}: fields in record order, absent
 * ones left out, times in ISO-8601, the contract's enums in their wire spelling. Unknown fields are ignored, so an
 * older controller can still read what a newer one wrote.
 */
public final class RuntimeStatusJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // The contract's wire enums (a transition's upgradeMode: savepoint, last-state, stateless) travel as their
      // toString(); the others' toString() is their name.
      .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private RuntimeStatusJson() {}

  public static JsonNode write(RuntimeStatus status) {
    return MAPPER.valueToTree(status);
  }

  /**
   * @param stored what the client library read from {@code status.runtime} (maps and lists, or a tree)
   * @throws IllegalArgumentException when it is not a status
   */
  public static RuntimeStatus read(Object stored) {
    return MAPPER.convertValue(stored, RuntimeStatus.class);
  }
}
