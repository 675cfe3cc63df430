package io.flinkstack.controller.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.JarCredentials;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.InformedKubernetesGateway;
import io.flinkstack.controller.testing.TestHttpsServer;
import io.flinkstack.controller.testing.TestJobJar;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session job's {@code jarCredentials}: read from a Secret (fabric8's mock API server), sent as the {@code
 * Authorization} header to the declared host only (a self-signed HTTPS server on 127.0.0.1, reachable as localhost
 * too: another host), and named — never quoted — in every failure.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class JarCredentialsTest {
  private static final String TOKEN = "tok-7f3a9c-SECRET";
  private static TestHttpsServer server;
  private static Path testJar;

  KubernetesClient client;
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
    return JarFetcher.builder(cache).sslContext(server.clientContext())
        .hosts(JarHosts.of(List.of("127.0.0.1", "localhost"))).build();
  }

  private static JarAuthorization bearer() {
    return JarAuthorization.of("Secret flink/artifacts, key token", "flink/artifacts/token", "https://h/x.jar", TOKEN + "\n");
  }

  private static JobDeclaration job(String jarUri, JarCredentials credentials) {
    return new JobDeclaration("enrich", JobKind.JAR, jarUri, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, credentials);
  }

  private void secret(String name, Map<String, String> data) {
    client.secrets().inNamespace("flink").resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withData(data.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
            e -> Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))))
        .build()).create();
  }

  private static void assertNoToken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN).doesNotContain("tok-7f3a9c");
    }
  }

  @Test
  void theHeaderReachesTheDeclaredHostAndTheJarIsCachedUnderTheSecretReferenceOnly() throws Exception {
    String uri = server.serveFile("/private/enrich-1.0.jar", testJar).toString();
    server.requireAuthorization("/private/enrich-1.0.jar", "Bearer " + TOKEN);

    Path fetched = fetcher().fetch(uri, null, bearer());

    assertThat(fetched).hasSameBinaryContentAs(testJar);
    assertThat(server.authorizations("/private/enrich-1.0.jar")).containsExactly("Bearer " + TOKEN);
    assertThat(fetched.getFileName().toString()).matches("auth-[0-9a-f]{64}\\.jar").doesNotContain(TOKEN);
    // Cached for the same credentials: no second request.
    assertThat(fetcher().fetch(uri, null, bearer())).isEqualTo(fetched);
    assertThat(server.requests("/private/enrich-1.0.jar")).isEqualTo(1);

    // A declaration without the credentials is not handed the cached copy: it asks the server, which refuses it.
    assertThatThrownBy(() -> fetcher().fetch(uri))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("no credentials were sent: declare spec.jarCredentials");
    assertThat(server.authorizations("/private/enrich-1.0.jar")).containsExactly("Bearer " + TOKEN, "null");
  }

  @Test
  void theHeaderIsNotSentAcrossARedirectToAnotherHost() {
    // 127.0.0.1 redirects to localhost: the same server, another host name — as an artifact server sends a download
    // on to a storage host. The redirect is followed (the host list allows it), without the credentials.
    server.serveFile("/storage/enrich-2.0.jar", testJar);
    String uri = server.redirect("/private/enrich-2.0.jar", 302, server.uriOnLocalhost("/storage/enrich-2.0.jar").toString())
        .toString();

    assertThat(fetcher().fetch(uri, null, bearer())).hasSameBinaryContentAs(testJar);
    assertThat(server.authorizations("/private/enrich-2.0.jar")).containsExactly("Bearer " + TOKEN);
    assertThat(server.authorizations("/storage/enrich-2.0.jar")).containsExactly("null");

    // A host that wants them after the redirect is refused them: the failure says so, without the value.
    server.serveFile("/storage/enrich-2.1.jar", testJar);
    server.requireAuthorization("/storage/enrich-2.1.jar", "Bearer " + TOKEN);
    String guarded = server.redirect("/private/enrich-2.1.jar", 307, server.uriOnLocalhost("/storage/enrich-2.1.jar").toString())
        .toString();
    assertThatThrownBy(() -> fetcher().fetch(guarded, null, bearer()))
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

    assertThat(fetcher().fetch(uri, null, bearer())).hasSameBinaryContentAs(testJar);
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

    assertThatThrownBy(() -> fetcher().fetch(uri, null, bearer()))
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

  @Test
  void aValueWithASchemeIsSentAsItIsAndALineBreakInsideIsRefusedUnquoted() {
    assertThat(JarAuthorization.of("s", "c", "https://h/x.jar", "Basic dXNlcjpwYXNz\r\n").headerValue())
        .isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(bearer().headerValue()).isEqualTo("Bearer " + TOKEN);
    assertThat(bearer()).hasToString("Authorization from Secret flink/artifacts, key token");

    assertThatThrownBy(() -> JarAuthorization.of("Secret flink/artifacts, key token", "c", "https://h/x.jar",
        TOKEN + "\r\nX-Injected: 1"))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("Secret flink/artifacts, key token holds a line break, control or non-ASCII character")
        .satisfies(JarCredentialsTest::assertNoToken);
    assertThatThrownBy(() -> JarAuthorization.of("Secret flink/artifacts, key token", "c", "https://h/x.jar", " \n"))
        .hasMessageContaining("Secret flink/artifacts, key token is empty");
  }

  // --- reading the Secret through the gateway ---------------------------------------------------------------

  @Test
  void theSecretIsReadThroughTheGatewayDirectly() {
    secret("artifacts", Map.of("token", TOKEN + "\n", "other", "x"));
    try (var gateway = new InformedKubernetesGateway(client, List.of("flink"))) {
      Optional<JarAuthorization> read = JarAuthorization.read(gateway, "flink",
          job("https://h/x.jar", new JarCredentials("artifacts", "token")));

      assertThat(read).get().extracting(JarAuthorization::headerValue).isEqualTo("Bearer " + TOKEN);
      assertThat(read.get().source()).isEqualTo("Secret flink/artifacts, key token");
      assertThat(JarAuthorization.read(gateway, "flink", job("https://h/x.jar", null))).isEmpty();
    }
  }

  @Test
  void aMissingSecretOrKeyFailsNamingThemAndNoValue() {
    secret("artifacts", Map.of("token", TOKEN));
    var gateway = new Fabric8KubernetesGateway(client);
    String uri = "https://artifacts.example.com/enrich.jar?sig=abc";

    assertThatThrownBy(() -> JarAuthorization.read(gateway, "flink", job(uri, new JarCredentials("missing", "token"))))
        .isInstanceOf(JarFetchException.class)
        .hasMessage("cannot fetch job jar https://artifacts.example.com/enrich.jar?***: the jarCredentials' Secret"
            + " flink/missing, key token does not exist: create the Secret in the FlinkJob's namespace, or fix"
            + " spec.jarCredentials.secretName");
    assertThatThrownBy(() -> JarAuthorization.read(gateway, "flink", job(uri, new JarCredentials("artifacts", "tokn"))))
        .isInstanceOf(JarFetchException.class)
        .hasMessageContaining("the jarCredentials' Secret flink/artifacts, key tokn: the Secret has no such key (its keys:"
            + " [token]); fix spec.jarCredentials.key")
        .satisfies(JarCredentialsTest::assertNoToken);
    // Another namespace's Secret of that name is not read.
    assertThatThrownBy(() -> JarAuthorization.read(gateway, "team-b", job(uri, new JarCredentials("artifacts", "token"))))
        .hasMessageContaining("Secret team-b/artifacts, key token does not exist");
  }
}
