package io.flinkstack.controller.flink;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids in Flink's form (32 lower-case hex digits), for job ids and savepoint trigger ids chosen by the caller. */
public final class FlinkIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private FlinkIds() {}

  /**
   * A fresh id. A controller picks the id before it calls Flink and records it first, so that after a
   * crash it can ask Flink about the same job or operation instead of starting a second one.
   */
  public static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
