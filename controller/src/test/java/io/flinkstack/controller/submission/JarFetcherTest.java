package io.flinkstack.controller.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.testing.TestHttpsServer;
import io.flinkstack.controller.testing.TestJobJar;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
        .hasMessage("cannot fetch job jar " + chunked + ": larger than the limit of 100 bytes");
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

  private void assertCacheEmpty() {
    try (var files = Files.list(cache)) {
      assertThat(files).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
