package io.flinkstack.controller.submission;

import java.util.regex.Pattern;

/**
 * Jar URIs as they may be shown: in a log line, an Event, a status. A URI can carry a secret — user-info
 * ({@code https://user:token@host/…}) or a query ({@code ?X-Amz-Signature=…}, {@code ?token=…}) — so both are
 * replaced with {@code ***}, as is a fragment. Scheme, host, port and path stay, enough to tell which jar it is.
 */
public final class JarUris {
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");
  private static final Pattern QUERY = Pattern.compile("\\?[^#]*");
  private static final Pattern FRAGMENT = Pattern.compile("#.*$");

  private JarUris() {}

  /** {@code uri} without its user-info, query and fragment; null stays null. */
  public static String redact(String uri) {
    if (uri == null) {
      return null;
    }
    String shown = USER_INFO.matcher(uri).replaceFirst("$1***@");
    shown = QUERY.matcher(shown).replaceFirst("?***");
    return FRAGMENT.matcher(shown).replaceFirst("#***");
  }

  /**
   * {@code text} with every appearance of {@code uri} redacted, and of its user-info and query on their own (an
   * exception's message may quote either).
   */
  static String scrub(String text, String uri) {
    if (text == null || uri == null) {
      return text;
    }
    String result = text.replace(uri, redact(uri));
    for (String secret : secrets(uri)) {
      result = result.replace(secret, "***");
    }
    return result;
  }

  /** Whether {@code text} holds any secret part of {@code uri}. */
  static boolean reveals(String text, String uri) {
    if (text == null || uri == null) {
      return false;
    }
    for (String secret : secrets(uri)) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  private static java.util.List<String> secrets(String uri) {
    java.util.List<String> secrets = new java.util.ArrayList<>();
    var userInfo = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)@").matcher(uri);
    if (userInfo.find() && !userInfo.group(1).isEmpty()) {
      secrets.add(userInfo.group(1));
    }
    var query = QUERY.matcher(uri);
    if (query.find() && query.group().length() > 1) {
      secrets.add(query.group().substring(1));
    }
    var fragment = FRAGMENT.matcher(uri);
    if (fragment.find() && fragment.group().length() > 1) {
      secrets.add(fragment.group().substring(1));
    }
    return secrets;
  }
}
