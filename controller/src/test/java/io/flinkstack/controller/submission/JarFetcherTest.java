package io.flinkstack.controller.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.testing.TestHttpsServer;
import io.flinkstack.controller.testing.TestJobJar;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JarFetcher} against a self-signed HTTPS server (JDK), and the jar bundled in the build. */
class JarFetcherTest {
  private static TestHttpsServer server;
  private static Path testJar;

  @TempDir Path cache;

  @BeforeAll
  static void startServer(@TempDir Path work) {
    server = new TestHttpsServer(work.resolve("https"));
    testJar = TestJobJar.build(work.resolve("jar"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private JarFetcher fetcher() {
    return JarFetcher.builder(cache).sslContext(server.clientContext()).build();
  }

  @Test
  void httpsJarIsDownloadedOnceIntoTheCache() throws Exception {
    String uri = server.serveFile("/jobs/sequence-1.0.jar", testJar).toString();

    Path fetched = fetcher().fetch(uri);
    Path again = fetcher().fetch(uri);

    assertThat(fetched).hasParent(cache).hasSameBinaryContentAs(testJar);
    assertThat(fetched.getFileName().toString()).matches("[0-9a-f]{64}\\.jar");
    assertThat(again).isEqualTo(fetched);
    assertThat(server.requests("/jobs/sequence-1.0.jar")).isEqualTo(1);
    try (var files = Files.list(cache)) {
      assertThat(files).containsExactly(fetched); // no temporary file left behind
    }
  }

  @Test
  void httpErrorNamesTheUriAndTheStatus() {
    String uri = server.uri("/jobs/missing.jar").toString();
    assertThatThrownBy(() -> fetcher().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageStartingWith("cannot fetch job jar " + uri + ": ")
        .hasMessageContaining("HTTP 404");
    assertCacheEmpty();
  }

  @Test
  void somethingThatIsNotAJarIsRefusedAndNotCached() {
    String uri = server.serve("/jobs/page.jar", "<html>login required</html>".getBytes()).toString();
    assertThatThrownBy(() -> fetcher().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("is not a jar");
    assertCacheEmpty();
  }

  @Test
  void aJarOverTheSizeLimitIsRefused() throws Exception {
    String uri = server.serveFile("/jobs/big.jar", testJar).toString();
    JarFetcher small = JarFetcher.builder(cache).sslContext(server.clientContext()).maxBytes(100).build();
    assertThatThrownBy(() -> small.fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("limit of 100 bytes");
    // Without a Content-Length the bytes are counted while they arrive.
    String chunked = server.serveChunked("/jobs/big-chunked.jar", Files.readAllBytes(testJar)).toString();
    assertThatThrownBy(() -> small.fetch(chunked))
        .isInstanceOf(JarFetchException.class)
        .hasMessage("cannot fetch job jar " + chunked + ": larger than the limit of 100 bytes (set by --jar-max-size)");
    assertCacheEmpty();
  }

  @Test
  void anUntrustedCertificateFailsWithTheTlsProblem() {
    String uri = server.serveFile("/jobs/sequence-2.0.jar", testJar).toString();
    // The JVM's default trust store does not know the test server's self-signed certificate.
    assertThatThrownBy(() -> JarFetcher.builder(cache).build().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("SSLHandshakeException");
  }

  @Test
  void otherSchemesAreRefusedWithWhatIsSupported() {
    for (String uri : new String[] {"s3://bucket/job.jar", "local:///opt/flink/usrlib/job.jar", "file:///tmp/job.jar", "/tmp/job.jar"}) {
      assertThatThrownBy(() -> fetcher().fetch(uri))
          .isInstanceOf(JarFetchException.class)
          .hasMessageContaining(uri)
          .hasMessageContaining("unsupported scheme")
          .hasMessageContaining("https://")
          .hasMessageContaining(SessionJobs.BUNDLED_SQL_RUNNER);
    }
    assertThatThrownBy(() -> fetcher().fetch(null)).isInstanceOf(JarFetchException.class).hasMessageContaining("no jarUri");
  }

  @Test
  void plainHttpOnlyWhenAllowed() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jar = Files.readAllBytes(testJar);
    http.createContext("/job.jar", exchange -> {
      exchange.sendResponseHeaders(200, jar.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(jar);
      }
    });
    http.start();
    try {
      String uri = "http://127.0.0.1:" + http.getAddress().getPort() + "/job.jar";
      assertThatThrownBy(() -> fetcher().fetch(uri))
          .isInstanceOf(JarFetchException.class)
          .hasMessageContaining(uri)
          .hasMessageContaining("plain http:// is refused");
      Path fetched = JarFetcher.builder(cache).allowInsecureHttp(true).build().fetch(uri);
      assertThat(fetched).hasSameBinaryContentAs(testJar);
    } finally {
      http.stop(0);
    }
  }

  @Test
  void bundledSqlRunnerIsTheSqlRunnerJar() throws Exception {
    Path runner = fetcher().fetch(SessionJobs.BUNDLED_SQL_RUNNER);

    assertThat(runner).hasParent(cache);
    assertThat(fetcher().fetch(SessionJobs.BUNDLED_SQL_RUNNER)).isEqualTo(runner);
    try (JarFile jar = new JarFile(runner.toFile())) {
      assertThat(jar.getEntry(SessionJobs.SQL_RUNNER_CLASS.replace('.', '/') + ".class")).isNotNull();
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(SessionJobs.SQL_RUNNER_CLASS);
      // Flink comes from the cluster's lib/, never from the runner jar.
      assertThat(jar.stream().map(entry -> entry.getName())).noneMatch(name -> name.startsWith("org/apache/flink/"));
    }
  }

  // --- digest -------------------------------------------------------------------------------------------

  @Test
  void aJarWithTheDeclaredDigestIsCachedUnderItsDigestAndCheckedAgainWhenUsed() throws Exception {
    String digest = sha256(testJar);
    String uri = server.serveFile("/jobs/digest-ok-1.0.jar", testJar).toString();

    Path fetched = fetcher().fetch(uri, digest);

    assertThat(fetched).hasSameBinaryContentAs(testJar).hasFileName("sha256-" + digest + ".jar");
    assertThat(fetcher().fetch(uri, digest)).isEqualTo(fetched);
    assertThat(server.requests("/jobs/digest-ok-1.0.jar")).isEqualTo(1);
    // Changed on disk: not served, downloaded again.
    Files.write(fetched, new byte[] {'P', 'K', 3, 4, 0});
    assertThat(fetcher().fetch(uri, digest)).hasSameBinaryContentAs(testJar);
    assertThat(server.requests("/jobs/digest-ok-1.0.jar")).isEqualTo(2);
  }

  @Test
  void aJarWithAnotherDigestIsRefusedNamingBothAndNotCached() throws Exception {
    String declared = "0".repeat(64);
    String uri = server.serveFile("/jobs/digest-bad-1.0.jar", testJar).toString();

    assertThatThrownBy(() -> fetcher().fetch(uri, declared))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("its SHA-256 is " + sha256(testJar))
        .hasMessageContaining("not the declared jarSha256 " + declared);
    assertCacheEmpty();
  }

  @Test
  void withoutADigestTheJarIsStillFetched() throws Exception {
    String uri = server.serveFile("/jobs/no-digest-1.0.jar", testJar).toString();
    assertThat(fetcher().fetch(uri, null)).hasSameBinaryContentAs(testJar);
  }

  @Test
  void aDigestThatIsNotOneIsRefusedBeforeAnyDownload() {
    String uri = server.serveFile("/jobs/digest-malformed.jar", testJar).toString();
    assertThatThrownBy(() -> fetcher().fetch(uri, "ABC"))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("jarSha256 'ABC' is not a SHA-256 digest");
    assertThat(server.requests("/jobs/digest-malformed.jar")).isZero();
  }

  // --- hosts and redirects --------------------------------------------------------------------------------

  @Test
  void aHostNotInTheListIsRefusedBeforeAnyConnection() {
    String uri = server.serveFile("/jobs/elsewhere.jar", testJar).toString();
    JarFetcher onlyArtifacts = JarFetcher.builder(cache).sslContext(server.clientContext())
        .hosts(JarHosts.of(List.of("artifacts.example.com", "*.example.org"))).build();

    assertThatThrownBy(() -> onlyArtifacts.fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("host 127.0.0.1 is not one the controller may download jars from")
        .hasMessageContaining("artifacts.example.com, *.example.org")
        .hasMessageContaining("--jar-host");
    assertThat(server.requests("/jobs/elsewhere.jar")).isZero();
    assertThat(JarFetcher.builder(cache).sslContext(server.clientContext()).hosts(JarHosts.of(List.of("127.0.0.1")))
        .build().fetch(uri)).hasSameBinaryContentAs(testJar);
  }

  @Test
  void hostPatternsMatchExactNamesAndSubdomainsOnly() {
    JarHosts hosts = JarHosts.of(List.of("Artifacts.Example.com", "*.example.org"));
    assertThat(hosts.allows("artifacts.example.com")).isTrue();
    assertThat(hosts.allows("ARTIFACTS.example.com")).isTrue();
    assertThat(hosts.allows("evil-artifacts.example.com")).isFalse();
    assertThat(hosts.allows("artifacts.example.com.evil.net")).isFalse();
    assertThat(hosts.allows("repo.example.org")).isTrue();
    assertThat(hosts.allows("a.b.example.org")).isTrue();
    assertThat(hosts.allows("example.org")).isFalse();
    assertThat(hosts.allows("badexample.org")).isFalse();
    assertThat(JarHosts.any().allows("anything.net")).isTrue();
    for (String bad : new String[] {"https://artifacts.example.com", "artifacts.example.com:443", "a/b", "*", "*.", ""}) {
      assertThatThrownBy(() -> JarHosts.of(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a host name");
    }
  }

  @Test
  void aRedirectOnTheSameHostIsFollowed() {
    server.serveFile("/jobs/real-1.0.jar", testJar);
    String uri = server.redirect("/jobs/latest.jar", 302, "/jobs/real-1.0.jar").toString();
    assertThat(fetcher().fetch(uri)).hasSameBinaryContentAs(testJar);
  }

  @Test
  void aRedirectToAnotherHostIsRefusedWithoutAHostList() {
    server.serveFile("/jobs/moved-1.0.jar", testJar);
    String uri = server.redirect("/jobs/moving-1.0.jar", 301, server.uriOnLocalhost("/jobs/moved-1.0.jar").toString()).toString();

    assertThatThrownBy(() -> fetcher().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("redirects to https://localhost:")
        .hasMessageContaining("only followed on the declared host 127.0.0.1")
        .hasMessageContaining("--jar-host");
    assertThat(server.requests("/jobs/moved-1.0.jar")).isZero();
    assertCacheEmpty();
  }

  @Test
  void aRedirectToAHostOutsideTheListIsRefusedAndToOneInItFollowed() {
    server.serveFile("/jobs/cdn-1.0.jar", testJar);
    String uri = server.redirect("/jobs/via-cdn-1.0.jar", 307, server.uriOnLocalhost("/jobs/cdn-1.0.jar").toString()).toString();
    JarFetcher onlyLoopback = JarFetcher.builder(cache).sslContext(server.clientContext())
        .hosts(JarHosts.of(List.of("127.0.0.1"))).build();

    assertThatThrownBy(() -> onlyLoopback.fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("on host localhost, which is not one the controller may download jars from (127.0.0.1)")
        .hasMessageContaining("--jar-host");
    assertThat(server.requests("/jobs/cdn-1.0.jar")).isZero();

    JarFetcher both = JarFetcher.builder(cache).sslContext(server.clientContext())
        .hosts(JarHosts.of(List.of("127.0.0.1", "localhost"))).build();
    assertThat(both.fetch(uri)).hasSameBinaryContentAs(testJar);
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefused() {
    String uri = server.redirect("/jobs/downgrade.jar", 302, "http://127.0.0.1:1/job.jar").toString();
    assertThatThrownBy(() -> JarFetcher.builder(cache).sslContext(server.clientContext()).allowInsecureHttp(true).build().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("redirects to http://127.0.0.1:1/job.jar, which is not https://");
  }

  @Test
  void endlessRedirectsEnd() {
    String uri = server.redirect("/jobs/loop.jar", 302, "/jobs/loop.jar").toString();
    assertThatThrownBy(() -> fetcher().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("more than " + JarFetcher.MAX_REDIRECTS + " redirects");
    assertThat(server.requests("/jobs/loop.jar")).isEqualTo(JarFetcher.MAX_REDIRECTS + 1);
  }

  // --- deadline and size ----------------------------------------------------------------------------------

  @Test
  void aServerThatTricklesBytesIsCutOffAtTheOverallDeadline() throws Exception {
    // 16 bytes every 50 ms: every read is quick, the whole would take minutes.
    String uri = server.trickle("/jobs/slow-1.0.jar", Files.readAllBytes(testJar), Duration.ofMillis(50)).toString();
    JarFetcher impatient = JarFetcher.builder(cache).sslContext(server.clientContext())
        .readTimeout(Duration.ofSeconds(30)).deadline(Duration.ofMillis(800)).build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> impatient.fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining(uri)
        .hasMessageContaining("not downloaded within the deadline of 800 ms")
        .hasMessageContaining("--jar-fetch-timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertCacheEmpty(); // the temporary file too
  }

  @Test
  void theCallerIsFreedAtTheDeadlineEvenWhileTheServerSaysNothing() throws Exception {
    // Headers, then 16 bytes an hour: the download thread waits in a read, the caller does not.
    String uri = server.trickle("/jobs/stuck-1.0.jar", Files.readAllBytes(testJar), Duration.ofHours(1)).toString();
    JarFetcher impatient = JarFetcher.builder(cache).sslContext(server.clientContext())
        .readTimeout(Duration.ofMinutes(10)).deadline(Duration.ofMillis(500)).build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> impatient.fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("not downloaded within the deadline of 500 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertCacheEmpty();
  }

  @Test
  void aJarWithoutLengthIsCutOffAtTheLimitWhileItArrives() {
    // Without end: only a limit counted while the bytes arrive can stop it (before the deadline).
    String uri = server.serveEndless("/jobs/endless.jar", new byte[] {'P', 'K', 3, 4}).toString();
    JarFetcher capped = JarFetcher.builder(cache).sslContext(server.clientContext()).maxBytes(1024 * 1024)
        .deadline(Duration.ofSeconds(30)).build();

    assertThatThrownBy(() -> capped.fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessage("cannot fetch job jar " + uri + ": larger than the limit of 1048576 bytes (set by --jar-max-size)");
    assertCacheEmpty();
  }

  // --- credentials (a job's jarCredentials, JarCredentialsTest reads them from a Secret) ----------------------

  private static final String TOKEN = JarCredentialsTest.TOKEN;

  private static JarAuthorization bearer() {
    return JarCredentialsTest.bearer();
  }

  /** 127.0.0.1 and localhost: the same server under two host names, so a redirect can lead to another host. */
  private JarFetcher bothHosts() {
    return JarFetcher.builder(cache).sslContext(server.clientContext())
        .hosts(JarHosts.of(List.of("127.0.0.1", "localhost"))).build();
  }

  @Test
  void theHeaderReachesTheDeclaredHostAndTheJarIsCachedUnderTheSecretReferenceOnly() throws Exception {
    String uri = server.serveFile("/private/enrich-1.0.jar", testJar).toString();
    server.requireAuthorization("/private/enrich-1.0.jar", "Bearer " + TOKEN);

    Path fetched = bothHosts().fetch(uri, null, bearer());

    assertThat(fetched).hasSameBinaryContentAs(testJar);
    assertThat(server.authorizations("/private/enrich-1.0.jar")).containsExactly("Bearer " + TOKEN);
    assertThat(fetched.getFileName().toString()).matches("auth-[0-9a-f]{64}\\.jar").doesNotContain(TOKEN);
    // Cached for the same credentials, but the server is asked again whether it still serves them the jar.
    assertThat(bothHosts().fetch(uri, null, bearer())).isEqualTo(fetched);
    assertThat(server.requests("/private/enrich-1.0.jar")).isEqualTo(2);
    assertThat(server.authorizations("/private/enrich-1.0.jar")).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN);

    // A declaration without the credentials is not handed the cached copy: it asks the server, which refuses it.
    assertThatThrownBy(() -> bothHosts().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("no credentials were sent: declare spec.jarCredentials");
    assertThat(server.authorizations("/private/enrich-1.0.jar")).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN, "null");
  }

  /**
   * A token revoked after its jar was cached: the cached copy is not used, the fetch fails as a download would. Before
   * 2026-12-07 the cached jar was served without asking the server again.
   */
  @Test
  void aRevokedTokenStopsTheCachedJarFromBeingUsed() throws Exception {
    String uri = server.serveFile("/private/enrich-5.0.jar", testJar).toString();
    server.requireAuthorization("/private/enrich-5.0.jar", "Bearer " + TOKEN);
    Path fetched = bothHosts().fetch(uri, null, bearer());
    assertThat(fetched).hasSameBinaryContentAs(testJar);

    server.requireAuthorization("/private/enrich-5.0.jar", "Bearer the-rotated-token"); // ours revoked
    assertThatThrownBy(() -> bothHosts().fetch(uri, null, bearer()))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("was sent: check the token in it")
        .satisfies(JarCredentialsTest::assertNoToken);
    assertThat(server.requests("/private/enrich-5.0.jar")).isEqualTo(2);
  }

  @Test
  void theHeaderIsNotSentAcrossARedirectToAnotherHost() {
    // 127.0.0.1 redirects to localhost: the same server, another host name — as an artifact server sends a download
    // on to a storage host. The redirect is followed (the host list allows it), without the credentials.
    server.serveFile("/storage/enrich-2.0.jar", testJar);
    String uri = server.redirect("/private/enrich-2.0.jar", 302, server.uriOnLocalhost("/storage/enrich-2.0.jar").toString())
        .toString();

    assertThat(bothHosts().fetch(uri, null, bearer())).hasSameBinaryContentAs(testJar);
    assertThat(server.authorizations("/private/enrich-2.0.jar")).containsExactly("Bearer " + TOKEN);
    assertThat(server.authorizations("/storage/enrich-2.0.jar")).containsExactly("null");

    // A host that wants them after the redirect is refused them: the failure says so, without the value.
    server.serveFile("/storage/enrich-2.1.jar", testJar);
    server.requireAuthorization("/storage/enrich-2.1.jar", "Bearer " + TOKEN);
    String guarded = server.redirect("/private/enrich-2.1.jar", 307, server.uriOnLocalhost("/storage/enrich-2.1.jar").toString())
        .toString();
    assertThatThrownBy(() -> bothHosts().fetch(guarded, null, bearer()))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("the Authorization from Secret flink/artifacts, key token was not sent to localhost")
        .satisfies(JarCredentialsTest::assertNoToken);
    assertThat(server.authorizations("/storage/enrich-2.1.jar")).containsExactly("null");
  }

  @Test
  void aRedirectOnTheDeclaredOriginKeepsTheHeader() {
    server.serveFile("/private/real-3.0.jar", testJar);
    server.requireAuthorization("/private/real-3.0.jar", "Bearer " + TOKEN);
    String uri = server.redirect("/private/latest.jar", 301, "/private/real-3.0.jar").toString();

    assertThat(bothHosts().fetch(uri, null, bearer())).hasSameBinaryContentAs(testJar);
    assertThat(server.authorizations("/private/real-3.0.jar")).containsExactly("Bearer " + TOKEN);
  }

  @Test
  void theOriginIsSchemeHostAndPort() {
    URI declared = URI.create("https://artifacts.example.com/a.jar");
    assertThat(JarFetcher.sameOrigin(URI.create("https://ARTIFACTS.example.com:443/b.jar"), declared)).isTrue();
    assertThat(JarFetcher.sameOrigin(URI.create("https://artifacts.example.com:8443/a.jar"), declared)).isFalse();
    assertThat(JarFetcher.sameOrigin(URI.create("http://artifacts.example.com/a.jar"), declared)).isFalse();
    assertThat(JarFetcher.sameOrigin(URI.create("https://storage.example.com/a.jar"), declared)).isFalse();
  }

  @Test
  void aWrongTokenFailsWithoutQuotingIt() {
    String uri = server.serveFile("/private/enrich-4.0.jar", testJar).toString();
    server.requireAuthorization("/private/enrich-4.0.jar", "Bearer another-token");

    assertThatThrownBy(() -> bothHosts().fetch(uri, null, bearer()))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("the Authorization from Secret flink/artifacts, key token was sent: check the token in it")
        .satisfies(JarCredentialsTest::assertNoToken);
    try (var files = Files.list(cache)) {
      assertThat(files).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- secrets --------------------------------------------------------------------------------------------

  @Test
  void userInfoAndQueryNeverAppearInMessages() {
    String port = String.valueOf(server.uri("/").getPort());
    String secretUri = "https://deployer:s3cr3t-pass@127.0.0.1:" + port + "/jobs/private.jar?X-Amz-Signature=t0ken-value#frag-s3cr3t";
    String shown = "https://***@127.0.0.1:" + port + "/jobs/private.jar?***#***";

    assertThatThrownBy(() -> fetcher().fetch(secretUri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageStartingWith("cannot fetch job jar " + shown + ": ")
        .hasMessageContaining("HTTP 404")
        .satisfies(e -> {
          assertNoSecret(e);
          assertThat(((JarFetchException) e).jarUri()).isEqualTo(shown);
        });
    JarFetcher onlyArtifacts = JarFetcher.builder(cache).hosts(JarHosts.of(List.of("artifacts.example.com"))).build();
    assertThatThrownBy(() -> onlyArtifacts.fetch(secretUri)).satisfies(JarFetcherTest::assertNoSecret);
    assertThatThrownBy(() -> fetcher().fetch(secretUri.replace("https:", "s3:"))).satisfies(JarFetcherTest::assertNoSecret);
    assertThatThrownBy(() -> fetcher().fetch(secretUri.replace("/jobs/", "/jobs/ bad"))).satisfies(JarFetcherTest::assertNoSecret);
    // Through a redirect, the target's query is hidden too.
    String redirecting = server.redirect("/jobs/signed.jar", 302, server.uriOnLocalhost("/jobs/x.jar") + "?sig=t0ken-value").toString();
    assertThatThrownBy(() -> fetcher().fetch(redirecting + "?token=t0ken-value")).satisfies(JarFetcherTest::assertNoSecret);
  }

  @Test
  void redactionKeepsSchemeHostPortAndPath() {
    assertThat(JarUris.redact("https://u:p@h.example.com:8443/a/b.jar?x=1&y=2")).isEqualTo("https://***@h.example.com:8443/a/b.jar?***");
    assertThat(JarUris.redact("https://token@h/a.jar")).isEqualTo("https://***@h/a.jar");
    assertThat(JarUris.redact("https://h/a.jar")).isEqualTo("https://h/a.jar");
    assertThat(JarUris.redact("flinkstack:sql-runner")).isEqualTo("flinkstack:sql-runner");
  }

  private static void assertNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t").doesNotContain("t0ken").doesNotContain("deployer");
    }
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private void assertCacheEmpty() {
    try (var files = Files.list(cache)) {
      assertThat(files).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
