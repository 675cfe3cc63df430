package io.flinkstack.controller.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a string in lower-case hex: the names and keys the controller derives from text. */
public final class Sha256 {
  private Sha256() {}

  /** All 64 hex digits of the SHA-256 of {@code text}'s UTF-8 bytes. */
  public static String hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
