package io.flinkstack.schemas.apiserver;

import java.util.regex.Pattern;

/**
 * The string formats Kubernetes validates names and keys against, as apimachinery's
 * {@code pkg/util/validation/validation.go} defines them for 1.32 (IsDNS1123Label, IsDNS1123Subdomain,
 * IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortName, IsConfigMapKey, IsRelaxedEnvVarName,
 * IsValidPercent, IsWildcardDNS1123Subdomain) and {@code pkg/api/validation/path/name.go} (IsValidPathSegmentName).
 *
 * <p>Each check returns null when the value is valid, otherwise what a valid value looks like, worded as the fix.
 */
final class Formats {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
  private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern PERCENT = Pattern.compile("[0-9]+%");
  private static final Pattern HTTP_HEADER_NAME = Pattern.compile("[-A-Za-z0-9]+");

  static final int LABEL_MAX = 63;
  static final int SUBDOMAIN_MAX = 253;

  private Formats() {}

  /** RFC 1123 label: Kubernetes names that become a DNS label or a path segment of one (namespaces, containers). */
  static String dns1123Label(String value) {
    if (value.length() > LABEL_MAX) {
      return "must be at most " + LABEL_MAX + " characters (a DNS-1123 label), it has " + value.length();
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      return DNS1123_SUBDOMAIN.matcher(value).matches()
          ? "must not contain dots (a DNS-1123 label); use '-' instead"
          : "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit"
              + " (e.g. 'my-name')";
    }
    return null;
  }

  /** RFC 1123 subdomain: most object names. */
  static String dns1123Subdomain(String value) {
    if (value.length() > SUBDOMAIN_MAX) {
      return "must be at most " + SUBDOMAIN_MAX + " characters (a DNS-1123 subdomain), it has " + value.length();
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      return "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a"
          + " letter or digit (e.g. 'example.com')";
    }
    return null;
  }

  /** RFC 1035 label: Service names, which must start with a letter. */
  static String dns1035Label(String value) {
    if (value.length() > LABEL_MAX) {
      return "must be at most " + LABEL_MAX + " characters (a DNS-1035 label), it has " + value.length();
    }
    if (!DNS1035_LABEL.matcher(value).matches()) {
      return "must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and ending with a"
          + " letter or digit (e.g. 'my-name')";
    }
    return null;
  }

  /** A qualified name: label and annotation keys, topology keys: optional DNS-subdomain prefix and '/'. */
  static String qualifiedName(String value) {
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      if (parts[0].isEmpty()) {
        return "has an empty prefix before '/'; write 'example.com/name' or drop the '/'";
      }
      String prefixProblem = dns1123Subdomain(parts[0]);
      if (prefixProblem != null) {
        return "prefix '" + parts[0] + "' " + prefixProblem;
      }
      name = parts[1];
    } else {
      return "may contain at most one '/' (an optional DNS-subdomain prefix, then the name, e.g. 'example.com/name')";
    }
    if (name.isEmpty()) {
      return "has an empty name part; put a name after the prefix";
    }
    if (name.length() > LABEL_MAX) {
      return "name part must be at most " + LABEL_MAX + " characters, it has " + name.length();
    }
    if (!QUALIFIED_NAME_PART.matcher(name).matches()) {
      return "name part must consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
    return null;
  }

  /** A label value: empty, or up to 63 characters of the qualified-name alphabet. */
  static String labelValue(String value) {
    if (value.length() > LABEL_MAX) {
      return "must be at most " + LABEL_MAX + " characters (a label value), it has " + value.length();
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      return "must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
    return null;
  }

  /** IANA_SVC_NAME (RFC 6335) as Kubernetes restricts it: container port names, named target ports. */
  static String ianaPortName(String value) {
    if (value.length() > 15) {
      return "must be at most 15 characters (an IANA service name), it has " + value.length();
    }
    if (!PORT_NAME_CHARS.matcher(value).matches()) {
      return "must contain only lower-case letters, digits and '-' (an IANA service name)";
    }
    if (!HAS_LETTER.matcher(value).matches()) {
      return "must contain at least one letter (an all-digit name would read as a port number)";
    }
    if (value.contains("--")) {
      return "must not contain consecutive hyphens";
    }
    if (value.startsWith("-") || value.endsWith("-")) {
      return "must not begin or end with a hyphen";
    }
    return null;
  }

  /** ConfigMap and Secret keys, and the keys that refer to them. */
  static String configMapKey(String value) {
    if (value.length() > SUBDOMAIN_MAX) {
      return "must be at most " + SUBDOMAIN_MAX + " characters, it has " + value.length();
    }
    if (!CONFIG_KEY.matcher(value).matches()) {
      return "must consist of letters, digits, '-', '_' or '.' (e.g. 'config.yaml')";
    }
    return noDotPrefix(value);
  }

  /**
   * Environment variable names and envFrom prefixes. Kubernetes 1.32 enables RelaxedEnvironmentVariableValidation
   * (beta, on by default): any printable ASCII character except '='.
   */
  static String envVarName(String value) {
    if (value.isEmpty()) {
      return "must not be empty";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '=') {
        return "must consist only of printable ASCII characters other than '='";
      }
    }
    return null;
  }

  /** The minimum every object name meets: it becomes a path segment of the REST URL and of the storage key. */
  static String pathSegmentName(String value) {
    if (value.equals(".") || value.equals("..")) {
      return "may not be '" + value + "'";
    }
    if (value.contains("/") || value.contains("%")) {
      return "may not contain '/' or '%'";
    }
    return null;
  }

  /** Ingress hosts and TLS hosts with a leading '*.' label. */
  static String wildcardSubdomain(String value) {
    if (value.length() > SUBDOMAIN_MAX) {
      return "must be at most " + SUBDOMAIN_MAX + " characters, it has " + value.length();
    }
    if (!value.startsWith("*.") || !DNS1123_SUBDOMAIN.matcher(value.substring(2)).matches()) {
      return "a wildcard host must be '*.' followed by a DNS-1123 subdomain (e.g. '*.example.com')";
    }
    return null;
  }

  static boolean isPercent(String value) {
    return PERCENT.matcher(value).matches();
  }

  static String httpHeaderName(String value) {
    return HTTP_HEADER_NAME.matcher(value).matches() ? null : "must consist of letters, digits or '-'";
  }

  private static String noDotPrefix(String value) {
    if (value.equals(".") || value.equals("..")) {
      return "must not be '" + value + "'";
    }
    if (value.startsWith("..")) {
      return "must not start with '..'";
    }
    return null;
  }
}
