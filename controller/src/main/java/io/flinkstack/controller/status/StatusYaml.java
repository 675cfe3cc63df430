package io.flinkstack.controller.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.flinkstack.contract.RuntimeStatus;
import java.io.UncheckedIOException;

/**
 * {@link RuntimeStatus} as the YAML a person reads with {@code kubectl get configmap … -o yaml}: fields in
 * record order, absent ones left out, times in ISO-8601. Unknown fields are ignored, so an older controller
 * can still read what a newer one wrote.
 */
public final class StatusYaml {
  private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          // Error messages stay one line each instead of being folded with escapes.
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .build())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // The contract's wire enums (a transition's upgradeMode: savepoint, last-state, stateless) travel as their
      // toString(); the others' toString() is their name.
      .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private StatusYaml() {}

  public static String write(RuntimeStatus status) {
    try {
      return MAPPER.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @throws IllegalArgumentException when the text is not a status */
  public static RuntimeStatus read(String yaml) {
    try {
      return MAPPER.readValue(yaml, RuntimeStatus.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a runtime status: " + e.getOriginalMessage(), e);
    }
  }
}
