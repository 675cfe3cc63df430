package io.flinkstack.controller.submission;

import io.flinkstack.contract.ControllerRuntime;
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
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * Resolves a session job's {@code jarUri} to a jar file on the controller's disk, ready for
 * {@code POST /jars/upload}.
 *
 * <ul>
 *   <li>{@code https://…}: downloaded into the cache directory; with a digest as {@code sha256-<digest>.jar},
 *       checked again whenever it is used from the cache, without one as {@code <sha-256 of the URI>.jar}, used
 *       without asking the server again (so a URI must name one immutable jar: put the version in it). The
 *       download goes to a temporary file in the same directory and is moved into place atomically only once
 *       it is complete, starts with the ZIP signature and has the expected digest, so a half-written or wrong
 *       file is never served from the cache.
 *   <li>{@link SessionJobs#BUNDLED_SQL_RUNNER} ({@code flinkstack:sql-runner}): the SQL runner jar the controller
 *       carries as the resource {@value #BUNDLED_SQL_RUNNER_RESOURCE}, copied to the cache directory.
 *   <li>{@code http://…}: only when {@link Builder#allowInsecureHttp(boolean)} is on — meant for tests and local
 *       use; a jar fetched over plain HTTP can be replaced on the way.
 *   <li>anything else ({@code s3://}, {@code local://}, {@code file://}, …): a {@link JarFetchException}.
 * </ul>
 *
 * <p>The rules of a download:
 * <ul>
 *   <li><b>Digest</b>: with an expected SHA-256 the bytes must have it, else nothing is cached and the
 *       exception names both digests. Without one the jar is used unchecked (the caller warns about it).
 *   <li><b>Hosts</b> ({@link Builder#hosts}, {@code --jar-host}): a URI whose host is not allowed is refused
 *       before any connection. Empty list: any host.
 *   <li><b>Redirects</b>: followed by the fetcher itself, at most {@value #MAX_REDIRECTS}, each to a target
 *       checked like the declared URI (scheme, host list), and never from {@code https} to {@code http}. Without
 *       a host list a redirect may only stay on the declared URI's host: nobody named any other.
 *   <li><b>Deadline</b> ({@link Builder#deadline}): the whole fetch — connecting, redirects, every byte — runs on
 *       one of the fetcher's own threads (at most {@value #MAX_PARALLEL_DOWNLOADS} at once), and the caller waits
 *       for it at most the deadline; past it the download is abandoned, its temporary file deleted.
 *   <li><b>Size</b> ({@link Builder#maxBytes}): a larger announced {@code Content-Length} is refused at once, and
 *       the bytes are counted while they arrive, so a server that announces nothing is cut off at the limit.
 *   <li><b>Secrets</b>: a URI's user-info and query are never shown: every message has them as {@code ***}
 *       ({@link JarUris#redact}). User-info is not sent as credentials either.
 * </ul>
 *
 * Thread-safe: concurrent fetches of one URI may both download, and the last atomic move wins with the same
 * content.
 */
public final class JarFetcher {
  /** Class-path resource holding the sql-runner module's jar (copied there by the controller's build). */
  public static final String BUNDLED_SQL_RUNNER_RESOURCE = "flinkstack/sql-runner.jar";
  /** The longest a fetch may take, unless {@link Builder#deadline} says otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);
  /** The largest jar accepted, unless {@link Builder#maxBytes} says otherwise: 512 MiB. */
  public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
  static final int MAX_REDIRECTS = 5;
  static final int MAX_PARALLEL_DOWNLOADS = 2;
  private static final int MAX_QUEUED_DOWNLOADS = 8;

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Path cacheDirectory;
  private final SSLContext sslContext;
  private final boolean allowInsecureHttp;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration deadline;
  private final long maxBytes;
  private final JarHosts hosts;
  private final ThreadPoolExecutor downloads;

  private JarFetcher(Builder builder) {
    this.cacheDirectory = builder.cacheDirectory;
    this.sslContext = builder.sslContext;
    this.allowInsecureHttp = builder.allowInsecureHttp;
    this.deadline = builder.deadline;
    // No single wait may outlast the whole fetch.
    this.connectTimeout = min(builder.connectTimeout, deadline);
    this.readTimeout = min(builder.readTimeout, deadline);
    this.maxBytes = builder.maxBytes;
    this.hosts = builder.hosts;
    this.downloads = new ThreadPoolExecutor(MAX_PARALLEL_DOWNLOADS, MAX_PARALLEL_DOWNLOADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(MAX_QUEUED_DOWNLOADS), runnable -> {
          Thread thread = new Thread(runnable, "flinkstack-jar-fetch-" + THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    downloads.allowCoreThreadTimeOut(true);
  }

  /** A fetcher caching into {@code cacheDirectory} (created when needed). */
  public static Builder builder(Path cacheDirectory) {
    return new Builder(cacheDirectory);
  }

  /** The local jar for a declared {@code jarUri}, unchecked: {@link #fetch(String, String)} without a digest. */
  public Path fetch(String jarUri) {
    return fetch(jarUri, null);
  }

  /**
   * The local jar for a declared {@code jarUri}.
   *
   * @param expectedSha256 the jar's SHA-256, 64 lower-case hex digits; null: not checked
   * @throws JarFetchException naming the URI (redacted) and what is wrong with it or with what its server answered
   */
  public Path fetch(String jarUri, String expectedSha256) {
    return fetch(jarUri, expectedSha256, null);
  }

  /**
   * The local jar for a declared {@code jarUri}, downloaded with credentials.
   *
   * @param expectedSha256 the jar's SHA-256, 64 lower-case hex digits; null: not checked
   * @param authorization sent as the {@code Authorization} header to the declared URI's origin (scheme, host, port)
   *     only, never to another one a redirect leads to; null: none. A jar fetched with it is cached under a name of
   *     its own (a digest of its Secret reference, never of the value), so it is never served to a fetch without it
   * @throws JarFetchException naming the URI (redacted) and what is wrong with it or with what its server answered
   */
  public Path fetch(String jarUri, String expectedSha256, JarAuthorization authorization) {
    if (jarUri == null || jarUri.isBlank()) {
      throw new JarFetchException(String.valueOf(jarUri), "no jarUri declared");
    }
    if (expectedSha256 != null && !SHA256.matcher(expectedSha256).matches()) {
      throw new JarFetchException(jarUri, "jarSha256 '" + expectedSha256 + "' is not a SHA-256 digest: give 64"
          + " lower-case hex digits");
    }
    if (jarUri.equals(SessionJobs.BUNDLED_SQL_RUNNER)) {
      return bundledSqlRunner(jarUri, expectedSha256);
    }
    URI uri;
    try {
      uri = new URI(jarUri);
    } catch (URISyntaxException e) {
      throw new JarFetchException(jarUri, "not a valid URI (" + e.getReason() + ")");
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
    if (!hosts.allows(uri.getHost())) {
      throw new JarFetchException(jarUri, "host " + uri.getHost() + " is not one the controller may download jars"
          + " from (" + hosts + "); add it with " + ControllerRuntime.FLAG_JAR_HOST + " (the RuntimeController's"
          + " jarHosts), or put the jar on one of those hosts");
    }
    Path cached = cacheDirectory.resolve(cacheName(jarUri, expectedSha256, authorization));
    if (Files.isRegularFile(cached) && (expectedSha256 == null || cachedDigestIs(cached, expectedSha256))) {
      if (authorization == null) {
        return cached;
      }
      // The credentials may have been revoked since the jar was cached: the server is asked again with them (for one
      // byte), and a refusal fails the fetch as it would fail a download. The cached copy is used only once it agrees.
      return withinDeadline(new Download(jarUri, uri, cached, expectedSha256, authorization, true));
    }
    return withinDeadline(new Download(jarUri, uri, cached, expectedSha256, authorization, false));
  }

  /**
   * The cache file's name: by digest or URI, and with credentials by a digest of which credentials too. The jar
   * behind credentials may be private to the namespace holding them: another declaration naming the same URI and
   * digest without them must ask the server itself (and be refused), not be handed the cached copy.
   */
  private static String cacheName(String jarUri, String expectedSha256, JarAuthorization authorization) {
    if (authorization != null) {
      return "auth-" + sha256((authorization.cacheScope() + "\u0000" + (expectedSha256 != null ? expectedSha256 : jarUri))
          .getBytes(StandardCharsets.UTF_8)) + ".jar";
    }
    return expectedSha256 != null ? "sha256-" + expectedSha256 + ".jar" : sha256(jarUri.getBytes(StandardCharsets.UTF_8)) + ".jar";
  }

  /** Runs the download on the fetcher's threads and waits at most the deadline for it. */
  private Path withinDeadline(Download download) {
    Future<Path> result;
    try {
      result = downloads.submit(download::run);
    } catch (RejectedExecutionException e) {
      throw new JarFetchException(download.jarUri, "too many jar downloads waiting already (" + MAX_PARALLEL_DOWNLOADS
          + " at once, " + MAX_QUEUED_DOWNLOADS + " waiting); try again later");
    }
    try {
      return result.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      download.abandon();
      result.cancel(true);
      throw download.pastDeadline();
    } catch (InterruptedException e) {
      download.abandon();
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new JarFetchException(download.jarUri, "interrupted while downloading");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new JarFetchException(download.jarUri, String.valueOf(e.getCause()), e.getCause());
    }
  }

  /** One download, from the declared URI through its redirects to a file in the cache. */
  private final class Download {
    final String jarUri;
    final URI uri;
    final Path target;
    final String expectedSha256;
    final JarAuthorization authorization;
    /** Only ask whether the server still serves the jar to these credentials ({@code target} is cached already). */
    final boolean probe;
    final long deadlineNanos;
    private volatile boolean abandoned;
    private volatile Path temporary;

    Download(String jarUri, URI uri, Path target, String expectedSha256, JarAuthorization authorization, boolean probe) {
      this.jarUri = jarUri;
      this.uri = uri;
      this.target = target;
      this.expectedSha256 = expectedSha256;
      this.authorization = authorization;
      this.probe = probe;
      this.deadlineNanos = System.nanoTime() + deadline.toNanos();
    }

    /** The caller stopped waiting: no file may appear in the cache, the temporary one goes now. */
    void abandon() {
      abandoned = true;
      deleteQuietly(temporary);
    }

    JarFetchException pastDeadline() {
      return new JarFetchException(jarUri, "not downloaded within the deadline of " + seconds(deadline)
          + " (set by " + ControllerRuntime.FLAG_JAR_FETCH_TIMEOUT + "); the server is too slow or the jar too large"
          + " for it: raise the deadline or serve the jar from closer by");
    }

    Path run() {
      HttpURLConnection connection = null;
      try {
        Files.createDirectories(cacheDirectory);
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
          connection = open(current);
          int status = connection.getResponseCode();
          if (!isRedirect(status)) {
            break;
          }
          String location = connection.getHeaderField("Location");
          connection.disconnect();
          connection = null;
          current = redirectTarget(current, location, status, redirects);
        }
        int status = connection.getResponseCode();
        if (status < 200 || status > 299) {
          throw new JarFetchException(jarUri, "the server answered HTTP " + status
              + (connection.getResponseMessage() == null ? "" : " " + connection.getResponseMessage())
              + (current.equals(uri) ? "" : " (at " + JarUris.redact(current.toString()) + ", after redirects)")
              + (status == 401 || status == 403 ? credentialsHint(current) : ""));
        }
        if (probe) {
          return target; // the body (one byte, or all of it from a server that ignores Range) is not read
        }
        long declaredLength = connection.getContentLengthLong();
        if (declaredLength > maxBytes) {
          throw new JarFetchException(jarUri, "the server announces " + declaredLength + " bytes, more than the limit of "
              + maxBytes + " bytes (set by " + ControllerRuntime.FLAG_JAR_MAX_SIZE + ")");
        }
        Path file = Files.createTempFile(cacheDirectory, ".download-", ".tmp");
        temporary = file;
        if (abandoned) {
          throw pastDeadline();
        }
        MessageDigest digest = newSha256();
        long size;
        // WRITE without CREATE: if the caller gave up and deleted the file meanwhile, this fails.
        try (InputStream in = connection.getInputStream();
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          size = copyAtMost(in, out, digest);
        }
        if (!startsWithZipSignature(file)) {
          throw new JarFetchException(jarUri, "what the server sent (" + size + " bytes"
              + (connection.getContentType() == null ? "" : ", " + connection.getContentType())
              + ") is not a jar: it does not start with the ZIP signature PK\\3\\4");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equals(actual)) {
          throw new JarFetchException(jarUri, "its SHA-256 is " + actual + ", not the declared jarSha256 "
              + expectedSha256 + "; the jar at that URI is not the one declared (a new build published under the same"
              + " URI, or a tampered download): fix jarSha256 or the URI");
        }
        if (abandoned) {
          throw pastDeadline();
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temporary = null;
        return target;
      } catch (SocketTimeoutException e) {
        throw new JarFetchException(jarUri, "no answer in time (connect timeout " + seconds(connectTimeout)
            + ", read timeout " + seconds(readTimeout) + ")", e);
      } catch (IOException e) {
        if (abandoned) {
          throw pastDeadline();
        }
        // Defence in depth: no JDK message is known to quote a request header, but none may carry the credentials out.
        boolean reveals = authorization != null && authorization.revealedBy(e);
        String message = reveals ? authorization.scrub(e.getMessage()) : e.getMessage();
        throw new JarFetchException(jarUri, e.getClass().getSimpleName() + ": " + message, reveals ? null : e);
      } finally {
        if (connection != null) {
          connection.disconnect();
        }
        deleteQuietly(temporary);
      }
    }

    private HttpURLConnection open(URI location) throws IOException {
      HttpURLConnection connection = (HttpURLConnection) location.toURL().openConnection();
      if (connection instanceof HttpsURLConnection https && sslContext != null) {
        https.setSSLSocketFactory(sslContext.getSocketFactory());
      }
      connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
      connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
      // Redirects are checked here, hop by hop, rather than followed blindly; so which headers the JDK would carry
      // across a redirect it followed itself does not matter: it follows none.
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      if (probe) {
        connection.setRequestProperty("Range", "bytes=0-0");
      }
      if (authorization != null && sameOrigin(location, uri)) {
        // Only to the declared URI's origin, as curl does since CVE-2022-27774/CVE-2022-27776 (credentials leaked on a
        // redirect to another host, scheme or port): a redirect to a storage host (a pre-signed URL) gets no credentials.
        connection.setRequestProperty("Authorization", authorization.headerValue());
      }
      return connection;
    }

    /** After a 401 or 403: whether credentials went to {@code at}, and where they come from. */
    private String credentialsHint(URI at) {
      if (authorization == null) {
        return "; no credentials were sent: declare spec.jarCredentials (a Secret key holding a token)";
      }
      return sameOrigin(at, uri)
          ? "; the " + authorization + " was sent: check the token in it"
          : "; the " + authorization + " was not sent to " + at.getHost() + " (credentials go to the declared host "
              + uri.getHost() + " only, not across a redirect)";
    }

    private URI redirectTarget(URI from, String location, int status, int redirects) {
      if (location == null || location.isBlank()) {
        throw new JarFetchException(jarUri, "the server answered HTTP " + status + " without a Location to go to");
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new JarFetchException(jarUri, "more than " + MAX_REDIRECTS + " redirects; point jarUri at the jar itself");
      }
      URI next;
      try {
        next = from.resolve(new URI(location));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new JarFetchException(jarUri, "the server redirects to '" + JarUris.redact(location) + "', which is not a URI");
      }
      String shown = JarUris.redact(next.toString());
      String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
      boolean secure = scheme.equals("https");
      boolean allowedHttp = scheme.equals("http") && allowInsecureHttp && "http".equalsIgnoreCase(uri.getScheme());
      if (!secure && !allowedHttp) {
        throw new JarFetchException(jarUri, "the server redirects to " + shown + ", which is not https://; the redirect is"
            + " not followed (a jar fetched over plain http could be altered on the way)");
      }
      String host = next.getHost();
      if (host == null) {
        throw new JarFetchException(jarUri, "the server redirects to " + shown + ", which names no host");
      }
      if (hosts.allowsAny() && !host.equalsIgnoreCase(uri.getHost())) {
        throw new JarFetchException(jarUri, "the server redirects to " + shown + " on host " + host + "; without "
            + ControllerRuntime.FLAG_JAR_HOST + " a redirect is only followed on the declared host " + uri.getHost()
            + ": list the hosts jars may come from with " + ControllerRuntime.FLAG_JAR_HOST + " (the RuntimeController's"
            + " jarHosts), or declare the final URI");
      }
      if (!hosts.allows(host)) {
        throw new JarFetchException(jarUri, "the server redirects to " + shown + " on host " + host + ", which is not one"
            + " the controller may download jars from (" + hosts + "); add it with " + ControllerRuntime.FLAG_JAR_HOST
            + " (the RuntimeController's jarHosts), or declare a URI on an allowed host");
      }
      return next;
    }

    private long copyAtMost(InputStream in, OutputStream out, MessageDigest digest) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int read;
      while ((read = in.read(buffer)) != -1) {
        if (abandoned || System.nanoTime() - deadlineNanos > 0) {
          throw pastDeadline();
        }
        total += read;
        if (total > maxBytes) {
          throw new JarFetchException(jarUri, "larger than the limit of " + maxBytes + " bytes (set by "
              + ControllerRuntime.FLAG_JAR_MAX_SIZE + ")");
        }
        digest.update(buffer, 0, read);
        out.write(buffer, 0, read);
      }
      return total;
    }
  }

  /** Same scheme, host and port (the default port of the scheme when none is given). */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private boolean cachedDigestIs(Path cached, String expectedSha256) {
    MessageDigest digest = newSha256();
    try (InputStream in = Files.newInputStream(cached)) {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) != -1) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      return false;
    }
    if (HexFormat.of().formatHex(digest.digest()).equals(expectedSha256)) {
      return true;
    }
    // Changed on disk since it was checked: download it again.
    deleteQuietly(cached);
    return false;
  }

  private Path bundledSqlRunner(String jarUri, String expectedSha256) {
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
    String actual = sha256(jar);
    if (expectedSha256 != null && !expectedSha256.equals(actual)) {
      throw new JarFetchException(jarUri, "the bundled SQL runner's SHA-256 is " + actual + ", not the declared "
          + expectedSha256 + "; the bundled runner needs no digest: remove it");
    }
    // Named by content, so a controller upgrade with a new runner never serves the old file.
    Path target = cacheDirectory.resolve("sql-runner-" + actual.substring(0, 16) + ".jar");
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
      return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, ZIP_SIGNATURE);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
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
    private Duration deadline = DEFAULT_DEADLINE;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private JarHosts hosts = JarHosts.any();

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

    /** Time to establish the connection; default 10 s (never more than the deadline). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest wait for the next bytes of the answer (not for the whole download); default 60 s (never more than the deadline). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** The longest one fetch may take, redirects and every byte included ({@code --jar-fetch-timeout}); default 2 min. */
    public Builder deadline(Duration timeout) {
      this.deadline = positive(timeout, "deadline");
      return this;
    }

    /** Largest jar accepted ({@code --jar-max-size}); default 512 MiB. */
    public Builder maxBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, not " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /** The hosts jars may come from ({@code --jar-host}); default {@link JarHosts#any()}. */
    public Builder hosts(JarHosts value) {
      this.hosts = Objects.requireNonNull(value, "hosts");
      return this;
    }

    /** {@link #hosts}, {@link #deadline} and {@link #maxBytes} at once. */
    public Builder settings(JarFetchSettings settings) {
      return hosts(settings.hosts()).deadline(settings.deadline()).maxBytes(settings.maxBytes());
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
