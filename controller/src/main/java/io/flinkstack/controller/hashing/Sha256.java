package io.flinkstack.controller.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 in lower-case hex: the names and keys the controller derives from text, and digests of bytes. */
public final class Sha256 {
  private Sha256() {}

  /** All 64 hex digits of the SHA-256 of {@code text}'s UTF-8 bytes. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** All 64 hex digits of the SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
