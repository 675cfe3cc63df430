package io.flinkstack.controller.submission;

/**
 * A job jar could not be made available locally: unsupported scheme, HTTP error, not a jar, too large, no
 * answer in time. The message names the URI and the problem, ready for a status' {@code lastError}.
 */
public final class JarFetchException extends RuntimeException {
  private final String jarUri;

  JarFetchException(String jarUri, String problem, Throwable cause) {
    super("cannot fetch job jar " + jarUri + ": " + problem, cause);
    this.jarUri = jarUri;
  }

  JarFetchException(String jarUri, String problem) {
    this(jarUri, problem, null);
  }

  /** The {@code jarUri} as declared. */
  public String jarUri() {
    return jarUri;
  }
}
