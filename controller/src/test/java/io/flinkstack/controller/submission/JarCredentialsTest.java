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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A session job's {@code jarCredentials}: read from a Secret (fabric8's mock API server) into the header value, and
 * named — never quoted — in every failure. How {@link JarFetcher} sends it: {@code JarFetcherTest}'s credentials tests.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class JarCredentialsTest {
  static final String TOKEN = "tok-7f3a9c-SECRET";

  KubernetesClient client;

  /** The token {@link #TOKEN} as read from {@code Secret flink/artifacts, key token} (file-made: a trailing newline). */
  static JarAuthorization bearer() {
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

  static void assertNoToken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN).doesNotContain("tok-7f3a9c");
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
