package io.flinkstack.controller.submission;

import io.flinkstack.contract.SessionJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * Resolves a session job's {@code jarUri} to a jar file on the controller's disk, ready for
 * {@code POST /jars/upload}.
 *
 * <ul>
 *   <li>{@code https://…}: downloaded once into the cache directory, as {@code <sha-256 of the URI>.jar}; later
 *       calls for the same URI return that file without asking the server again (so a URI must name one
 *       immutable jar: put the version in it). The download goes to a temporary file in the same directory and
 *       is moved into place atomically only once it is complete and starts with the ZIP signature, so a
 *       half-written or wrong file is never served from the cache.
 *   <li>{@link SessionJobs#BUNDLED_SQL_RUNNER} ({@code flinkstack:sql-runner}): the SQL runner jar the controller
 *       carries as the resource {@value #BUNDLED_SQL_RUNNER_RESOURCE}, copied to the cache directory.
 *   <li>{@code http://…}: only when {@link Builder#allowInsecureHttp(boolean)} is on — meant for tests and local
 *       use; a jar fetched over plain HTTP can be replaced on the way.
 *   <li>anything else ({@code s3://}, {@code local://}, {@code file://}, …): a {@link JarFetchException}.
 * </ul>
 *
 * Thread-safe: concurrent fetches of one URI may both download, and the last atomic move wins with the same
 * content.
 */
public final class JarFetcher {
  /** Class-path resource holding the sql-runner module's jar (copied there by the controller's build). */
  public static final String BUNDLED_SQL_RUNNER_RESOURCE = "flinkstack/sql-runner.jar";

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  private static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

  private final Path cacheDirectory;
  private final SSLContext sslContext;
  private final boolean allowInsecureHttp;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long maxBytes;

  private JarFetcher(Builder builder) {
    this.cacheDirectory = builder.cacheDirectory;
    this.sslContext = builder.sslContext;
    this.allowInsecureHttp = builder.allowInsecureHttp;
    this.connectTimeout = builder.connectTimeout;
    this.readTimeout = builder.readTimeout;
    this.maxBytes = builder.maxBytes;
  }

  /** A fetcher caching into {@code cacheDirectory} (created when needed). */
  public static Builder builder(Path cacheDirectory) {
    return new Builder(cacheDirectory);
  }

  /**
   * The local jar for a declared {@code jarUri}.
   *
   * @throws JarFetchException naming the URI and what is wrong with it or with what its server answered
   */
  public Path fetch(String jarUri) {
    if (jarUri == null || jarUri.isBlank()) {
      throw new JarFetchException(String.valueOf(jarUri), "no jarUri declared");
    }
    if (jarUri.equals(SessionJobs.BUNDLED_SQL_RUNNER)) {
      return bundledSqlRunner(jarUri);
    }
    URI uri;
    try {
      uri = new URI(jarUri);
    } catch (URISyntaxException e) {
      throw new JarFetchException(jarUri, "not a valid URI (" + e.getMessage() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") && !allowInsecureHttp) {
      throw new JarFetchException(jarUri, "plain http:// is refused (the jar could be altered on the way); use https://"
          + " (http:// is only allowed with the allow-insecure-http setting, for tests and local use)");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new JarFetchException(jarUri, "unsupported scheme '" + scheme + "': the controller fetches https:// URIs"
          + " and " + SessionJobs.BUNDLED_SQL_RUNNER + " (the bundled SQL runner); put the jar behind https://");
    }
    if (uri.getHost() == null) {
      throw new JarFetchException(jarUri, "no host in the URI");
    }
    Path cached = cacheDirectory.resolve(sha256(jarUri.getBytes(StandardCharsets.UTF_8)) + ".jar");
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    return download(jarUri, uri, cached);
  }

  private Path download(String jarUri, URI uri, Path target) {
    Path temporary = null;
    HttpURLConnection connection = null;
    try {
      Files.createDirectories(cacheDirectory);
      connection = (HttpURLConnection) uri.toURL().openConnection();
      if (connection instanceof HttpsURLConnection https && sslContext != null) {
        https.setSSLSocketFactory(sslContext.getSocketFactory());
      }
      connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
      connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
      connection.setInstanceFollowRedirects(true);
      connection.setUseCaches(false);
      int status = connection.getResponseCode();
      if (status < 200 || status > 299) {
        throw new JarFetchException(jarUri, "the server answered HTTP " + status
            + (connection.getResponseMessage() == null ? "" : " " + connection.getResponseMessage()));
      }
      long declaredLength = connection.getContentLengthLong();
      if (declaredLength > maxBytes) {
        throw new JarFetchException(jarUri, "the server announces " + declaredLength + " bytes, more than the limit of " + maxBytes + " bytes");
      }
      temporary = Files.createTempFile(cacheDirectory, ".download-", ".tmp");
      long size;
      try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(temporary)) {
        size = copyAtMost(jarUri, in, out);
      }
      if (!startsWithZipSignature(temporary)) {
        throw new JarFetchException(jarUri, "what the server sent (" + size + " bytes"
            + (connection.getContentType() == null ? "" : ", " + connection.getContentType())
            + ") is not a jar: it does not start with the ZIP signature PK\\3\\4");
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temporary = null;
      return target;
    } catch (SocketTimeoutException e) {
      throw new JarFetchException(jarUri, "no answer in time (connect timeout " + connectTimeout + ", read timeout " + readTimeout + ")", e);
    } catch (IOException e) {
      throw new JarFetchException(jarUri, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
      deleteQuietly(temporary);
    }
  }

  private long copyAtMost(String jarUri, InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int read;
    while ((read = in.read(buffer)) != -1) {
      total += read;
      if (total > maxBytes) {
        throw new JarFetchException(jarUri, "larger than the limit of " + maxBytes + " bytes");
      }
      out.write(buffer, 0, read);
    }
    return total;
  }

  private Path bundledSqlRunner(String jarUri) {
    byte[] jar;
    try (InputStream in = JarFetcher.class.getClassLoader().getResourceAsStream(BUNDLED_SQL_RUNNER_RESOURCE)) {
      if (in == null) {
        throw new JarFetchException(jarUri, "this controller was built without the bundled SQL runner (no class-path"
            + " resource " + BUNDLED_SQL_RUNNER_RESOURCE + "; the controller module's build copies it from sql-runner)");
      }
      jar = in.readAllBytes();
    } catch (IOException e) {
      throw new JarFetchException(jarUri, "cannot read the bundled resource " + BUNDLED_SQL_RUNNER_RESOURCE, e);
    }
    // Named by content, so a controller upgrade with a new runner never serves the old file.
    Path target = cacheDirectory.resolve("sql-runner-" + sha256(jar).substring(0, 16) + ".jar");
    if (Files.isRegularFile(target)) {
      return target;
    }
    Path temporary = null;
    try {
      Files.createDirectories(cacheDirectory);
      temporary = Files.createTempFile(cacheDirectory, ".bundled-", ".tmp");
      Files.write(temporary, jar);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temporary = null;
      return target;
    } catch (IOException e) {
      throw new JarFetchException(jarUri, "cannot write it to the cache directory " + cacheDirectory + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  private static boolean startsWithZipSignature(Path file) throws IOException {
    byte[] head = new byte[ZIP_SIGNATURE.length];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(head, 0, head.length) == head.length && java.util.Arrays.equals(head, ZIP_SIGNATURE);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless: it is never served, its name starts with a dot
      }
    }
  }

  /** Settings of a {@link JarFetcher}; everything but the cache directory has a default. */
  public static final class Builder {
    private final Path cacheDirectory;
    private SSLContext sslContext;
    private boolean allowInsecureHttp;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private long maxBytes = DEFAULT_MAX_BYTES;

    private Builder(Path cacheDirectory) {
      this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    }

    /** TLS for https:// (e.g. trusting a private CA); default the JVM's default context. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Also fetch plain {@code http://} URIs. Off by default; for tests and local use only. */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /** Time to establish the connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest wait for the next bytes of the answer (not for the whole download); default 60 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Largest jar accepted; default 512 MiB. */
    public Builder maxBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, not " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    public JarFetcher build() {
      return new JarFetcher(this);
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isZero() || value.isNegative() || value.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " must be positive (and under 24 days), not " + value);
      }
      return value;
    }
  }
}
