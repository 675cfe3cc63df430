package io.flinkstack.controller.submission;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The hosts jars may be downloaded from ({@code --jar-host}): exact host names (or IP addresses), and
 * {@code *.example.com} for any host under {@code example.com} (at any depth, but not {@code example.com}
 * itself). Compared without case; ports do not matter. Empty: every host is allowed.
 */
public final class JarHosts {
  // A DNS name (letters, digits, '-', '.') or an IPv4 address; IPv6 literals are not supported.
  private static final Pattern HOST = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final List<String> patterns;

  private JarHosts(List<String> patterns) {
    this.patterns = patterns;
  }

  /** Every host. */
  public static JarHosts any() {
    return new JarHosts(List.of());
  }

  /**
   * @throws IllegalArgumentException naming the first entry that is neither a host name nor {@code *.}host name
   */
  public static JarHosts of(List<String> hosts) {
    Set<String> patterns = new LinkedHashSet<>();
    for (String host : hosts) {
      String pattern = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
      String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
      if (!HOST.matcher(name).matches() || name.length() > 253) {
        throw new IllegalArgumentException("'" + host + "' is not a host name: give the host of the jar URIs (e.g."
            + " artifacts.example.com), or *.example.com for any host under example.com; no scheme, port or path");
      }
      patterns.add(pattern);
    }
    return new JarHosts(List.copyOf(patterns));
  }

  /** No list: every host is allowed. */
  public boolean allowsAny() {
    return patterns.isEmpty();
  }

  public boolean allows(String host) {
    if (patterns.isEmpty()) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    for (String pattern : patterns) {
      if (pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) && name.length() > pattern.length() - 1
          : name.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  /** The entries, lower case, in the given order without duplicates. */
  public List<String> patterns() {
    return new ArrayList<>(patterns);
  }

  @Override
  public String toString() {
    return patterns.isEmpty() ? "any host" : String.join(", ", patterns);
  }
}
