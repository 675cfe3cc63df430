package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.CONFIG_MAP;
import static io.flinkstack.schemas.TestManifests.CUSTOM_RESOURCE_DEFINITION;
import static io.flinkstack.schemas.TestManifests.PERSISTENT_VOLUME_CLAIM;
import static io.flinkstack.schemas.TestManifests.SECRET;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;

import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * ValidateConfigMap, ValidateSecret, ValidatePersistentVolumeClaim and the CustomResourceDefinition name rule.
 */
class ConfigAndStorageRulesTest extends RuleCases {
  private static final String MEBIBYTE_OF_TEXT = "x".repeat(1024 * 1024);

  static Stream<Arguments> rejected() {
    return Stream.of(
        rejectValue("ConfigMap keys are config keys", CONFIG_MAP, "/data/config yaml", "x", "key 'config yaml'"),
        rejectValue("ConfigMap keys are not '..'", CONFIG_MAP, "/data/..", "x", "must not be '..'"),
        rejectValue("ConfigMap keys do not start with '..'", CONFIG_MAP, "/data/..data", "x",
            "must not start with '..'"),
        rejectValue("a key is in data or binaryData", CONFIG_MAP, "/data/keystore.p12", "x", "also in binaryData"),
        rejectValue("binaryData is base64", CONFIG_MAP, "/binaryData/keystore.p12", "not base64!", "not valid base64"),
        reject("a ConfigMap holds at most 1 MiB", with(CONFIG_MAP, "/data/big.txt", MEBIBYTE_OF_TEXT), "",
            "more than the 1048576 (1 MiB)"),
        rejectValue("Secret data keys", SECRET, "/data/access key", "QQ==", "key 'access key'"),
        rejectValue("Secret stringData keys", SECRET, "/stringData/secret key", "x", "key 'secret key'"),
        rejectValue("Secret data is base64", SECRET, "/data/access-key-id", "AKIA!", "not valid base64"),
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
        rejectValue("claim storage is not negative", PERSISTENT_VOLUME_CLAIM, "/spec/resources/requests/storage",
            "\"-5Gi\"", "must not be negative"),
        rejectValue("a CRD is named plural.group", CUSTOM_RESOURCE_DEFINITION, "/metadata/name",
            "flinkdeployment.flink.apache.org", "'flinkdeployments.flink.apache.org'"));
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
}
