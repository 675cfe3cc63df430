package io.flinkstack.schemas.apiserver;

import java.math.BigInteger;
import java.util.Optional;

/**
 * IP addresses and CIDR blocks as the 1.32 API server reads them: k8s.io/utils/net's ParseIPSloppy and
 * ParseCIDRSloppy, which follow Go's net package except that IPv4 octets may carry leading zeros. A CIDR may have
 * host bits set ({@code 10.0.0.1/8} means the network {@code 10.0.0.0/8}).
 *
 * <p>Parsing is done here by hand: {@link java.net.InetAddress} would send anything that is not a literal to DNS.
 */
record Cidr(BigInteger network, int prefixLength, int bits) {
  /** A parsed CIDR, or empty when the text is not one. */
  static Optional<Cidr> parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    Optional<byte[]> address = parseIp(text.substring(0, slash));
    String length = text.substring(slash + 1);
    if (address.isEmpty() || length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = Integer.parseInt(length);
    if (prefix > bits) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(1, address.get());
    BigInteger mask = prefix == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    return Optional.of(new Cidr(value.and(mask), prefix, bits));
  }

  /** True when {@code other} lies inside this block and is strictly smaller, as NetworkPolicy's except requires. */
  boolean strictlyContains(Cidr other) {
    if (other.bits != bits || other.prefixLength <= prefixLength) {
      return false;
    }
    return other.network.shiftRight(bits - prefixLength).equals(network.shiftRight(bits - prefixLength));
  }

  static boolean isIp(String text) {
    return parseIp(text).isPresent();
  }

  /** 4 bytes for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address stays 16 bytes, as CIDR arithmetic needs). */
  static Optional<byte[]> parseIp(String text) {
    return text.contains(":") ? parseIpv6(text) : parseIpv4(text);
  }

  private static Optional<byte[]> parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    return Optional.of(bytes);
  }

  private static Optional<byte[]> parseIpv6(String text) {
    // A zone ("%eth0") is not part of a CIDR; Go rejects it there too.
    if (text.isEmpty() || text.contains("%")) {
      return Optional.empty();
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return Optional.empty();
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    Optional<int[]> headGroups = groups(head);
    Optional<int[]> tailGroups = groups(tail);
    if (headGroups.isEmpty() || tailGroups.isEmpty()) {
      return Optional.empty();
    }
    int count = headGroups.get().length + tailGroups.get().length;
    if (doubleColon >= 0 ? count > 7 : count != 8) {
      return Optional.empty();
    }
    int[] all = new int[8];
    System.arraycopy(headGroups.get(), 0, all, 0, headGroups.get().length);
    System.arraycopy(tailGroups.get(), 0, all, 8 - tailGroups.get().length, tailGroups.get().length);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    return Optional.of(bytes);
  }

  /** Colon-separated 16-bit groups; the last may be a dotted IPv4 address, which counts as two groups. */
  private static Optional<int[]> groups(String text) {
    if (text.isEmpty()) {
      return Optional.of(new int[0]);
    }
    String[] parts = text.split(":", -1);
    int[] groups = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && part.contains(".")) {
        Optional<byte[]> v4 = parseIpv4(part);
        if (v4.isEmpty()) {
          return Optional.empty();
        }
        groups[n++] = (v4.get()[0] & 0xff) << 8 | (v4.get()[1] & 0xff);
        groups[n++] = (v4.get()[2] & 0xff) << 8 | (v4.get()[3] & 0xff);
        continue;
      }
      if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return Optional.empty();
      }
      groups[n++] = Integer.parseInt(part, 16);
    }
    int[] result = new int[n];
    System.arraycopy(groups, 0, result, 0, n);
    return Optional.of(result);
  }
}
