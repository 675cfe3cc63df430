package io.flinkstack.constructs.validation;

import java.util.regex.Pattern;

/** Kubernetes naming rules that flinkstack checks before anything reaches an API server. */
public final class Names {
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private Names() {}

  public static boolean isDns1123Label(String s) {
    return s != null && s.length() <= 63 && DNS_1123_LABEL.matcher(s).matches();
  }

  public static boolean isDns1123Subdomain(String s) {
    return s != null && s.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(s).matches();
  }

  public static boolean isEnvVarName(String s) {
    return s != null && ENV_VAR_NAME.matcher(s).matches();
  }

  /** A DNS-1123 label made from {@code s}, for suggesting a fix: lower case, other characters to '-'. */
  public static String suggestLabel(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    lower = lower.replaceAll("^-+|-+$", "");
    return !lower.isEmpty() && Character.isDigit(lower.charAt(0)) ? "x" + lower : lower;
  }
}
