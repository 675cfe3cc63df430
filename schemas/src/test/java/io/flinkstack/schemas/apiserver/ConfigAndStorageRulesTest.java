package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.apiserver.Manifests.CONFIG_MAP;
import static io.flinkstack.schemas.apiserver.Manifests.CUSTOM_RESOURCE_DEFINITION;
import static io.flinkstack.schemas.apiserver.Manifests.PERSISTENT_VOLUME_CLAIM;
import static io.flinkstack.schemas.apiserver.Manifests.SECRET;
import static io.flinkstack.schemas.apiserver.Manifests.with;
import static io.flinkstack.schemas.apiserver.Manifests.without;
import static io.flinkstack.schemas.apiserver.RuleCases.accept;
import static io.flinkstack.schemas.apiserver.RuleCases.reject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ValidateConfigMap, ValidateSecret, ValidatePersistentVolumeClaim and the CustomResourceDefinition name rule.
 */
class ConfigAndStorageRulesTest {
  private static final String MEBIBYTE_OF_TEXT = "x".repeat(1024 * 1024);

  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("ConfigMap keys are config keys", with(CONFIG_MAP, "/data/config yaml", "x"), "/data/config yaml",
            "key 'config yaml'"),
        reject("ConfigMap keys are not '..'", with(CONFIG_MAP, "/data/..", "x"), "/data/..", "must not be '..'"),
        reject("ConfigMap keys do not start with '..'", with(CONFIG_MAP, "/data/..data", "x"), "/data/..data",
            "must not start with '..'"),
        reject("a key is in data or binaryData", with(CONFIG_MAP, "/data/keystore.p12", "x"), "/data/keystore.p12",
            "also in binaryData"),
        reject("binaryData is base64", with(CONFIG_MAP, "/binaryData/keystore.p12", "not base64!"),
            "/binaryData/keystore.p12", "not valid base64"),
        reject("a ConfigMap holds at most 1 MiB", with(CONFIG_MAP, "/data/big.txt", MEBIBYTE_OF_TEXT), "",
            "more than the 1048576 (1 MiB)"),
        reject("Secret data keys", with(SECRET, "/data/access key", "QQ=="), "/data/access key", "key 'access key'"),
        reject("Secret stringData keys", with(SECRET, "/stringData/secret key", "x"), "/stringData/secret key",
            "key 'secret key'"),
        reject("Secret data is base64", with(SECRET, "/data/access-key-id", "AKIA!"), "/data/access-key-id",
            "not valid base64"),
        reject("a Secret holds at most 1 MiB", with(SECRET, "/stringData/big", MEBIBYTE_OF_TEXT), "/data",
            "more than the 1048576"),
        reject("TLS Secrets carry tls.key", with(with(SECRET, "/type", "kubernetes.io/tls"), "/data/tls.crt", "Y2VydA=="),
            "/data/tls.key", "needs the key 'tls.key'"),
        reject("dockerconfigjson is JSON", with(with(SECRET, "/type", "kubernetes.io/dockerconfigjson"),
            "/stringData/.dockerconfigjson", "'{auths: '"), "/stringData/.dockerconfigjson", "must be a JSON object"),
        reject("service-account-token Secrets name their account", with(SECRET, "/type",
            "kubernetes.io/service-account-token"), "/metadata/annotations/kubernetes.io~1service-account.name",
            "needs the kubernetes.io/service-account.name annotation"),
        reject("basic-auth Secrets have a username or password", with(SECRET, "/type", "kubernetes.io/basic-auth"),
            "/data", "needs a 'username' or 'password'"),
        reject("claims have access modes", without(PERSISTENT_VOLUME_CLAIM, "/spec/accessModes"),
            "/spec/accessModes", "at least one access mode"),
        reject("claims request storage", without(PERSISTENT_VOLUME_CLAIM, "/spec/resources"),
            "/spec/resources/requests/storage", "storage request is required"),
        reject("claim storage is not negative", with(PERSISTENT_VOLUME_CLAIM, "/spec/resources/requests/storage",
            "\"-5Gi\""), "/spec/resources/requests/storage", "must not be negative"),
        reject("a CRD is named plural.group", with(CUSTOM_RESOURCE_DEFINITION, "/metadata/name",
            "flinkdeployment.flink.apache.org"), "/metadata/name", "'flinkdeployments.flink.apache.org'"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("keys with dots, dashes and underscores", with(CONFIG_MAP, "/data/.hidden_config-1.yaml", "x")),
        accept("just under 1 MiB", with(without(without(CONFIG_MAP, "/data"), "/binaryData"), "/data/big.txt",
            "x".repeat(1024 * 1024))),
        accept("TLS Secrets with both keys", with(with(with(SECRET, "/type", "kubernetes.io/tls"), "/data/tls.crt",
            "Y2VydA=="), "/stringData/tls.key", "key")),
        accept("basic-auth with only a password", with(with(SECRET, "/type", "kubernetes.io/basic-auth"),
            "/stringData/password", "p")),
        accept("dockerconfigjson given as data", with(with(SECRET, "/type", "kubernetes.io/dockerconfigjson"),
            "/data/.dockerconfigjson", Base64.getEncoder().encodeToString("{\"auths\":{}}".getBytes()))),
        accept("base64 across lines", with(SECRET, "/data/access-key-id", "\"QUtJ\\nQQ==\"")),
        accept("a claim with a storage class and Block mode", with(with(PERSISTENT_VOLUME_CLAIM,
            "/spec/storageClassName", "fast-ssd"), "/spec/volumeMode", "Block")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(JsonNode object, String pointer, String fragment, Stage stage) {
    RuleCases.assertRejected(object, pointer, fragment, stage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(JsonNode object) {
    RuleCases.assertAccepted(object);
  }
}
