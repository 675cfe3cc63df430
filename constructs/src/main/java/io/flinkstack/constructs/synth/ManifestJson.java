package io.flinkstack.constructs.synth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** The one JSON mapping of fabric8 objects that everything in flinkstack uses. */
public final class ManifestJson {
  /** Empty lists and maps are left out, as kubectl and cdk8s-plus leave them out. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ManifestJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
