package io.flinkstack.controller.submission;

/**
 * A job jar could not be made available locally: unsupported scheme, host not allowed, HTTP error, not a jar,
 * wrong digest, too large, not downloaded in time. The message names the URI — redacted by {@link JarUris#redact}:
 * no user-info, no query — and the problem, ready for a status' {@code lastError} or an Event.
 */
public final class JarFetchException extends RuntimeException {
  private final String jarUri;

  JarFetchException(String jarUri, String problem, Throwable cause) {
    super("cannot fetch job jar " + JarUris.redact(jarUri) + ": " + JarUris.scrub(problem, jarUri),
        // A cause whose message quotes a secret of the URI is left out: it would be logged with the stack trace.
        cause != null && JarUris.reveals(String.valueOf(cause.getMessage()), jarUri) ? null : cause);
    this.jarUri = JarUris.redact(jarUri);
  }

  JarFetchException(String jarUri, String problem) {
    this(jarUri, problem, null);
  }

  /** The {@code jarUri} as declared, redacted ({@link JarUris#redact}). */
  public String jarUri() {
    return jarUri;
  }
}
