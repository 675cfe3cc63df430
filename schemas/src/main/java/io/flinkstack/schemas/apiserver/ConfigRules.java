package io.flinkstack.schemas.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * ConfigMaps and Secrets: {@code pkg/apis/core/validation/validation.go} ValidateConfigMap and ValidateSecret (keys
 * are config keys, ConfigMap data and binaryData do not share a key, the whole payload stays within 1 MiB, typed
 * Secrets carry their required keys).
 */
final class ConfigRules {
  /** core.MaxSecretSize, used for ConfigMaps too. */
  static final int MAX_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigRules() {}

  static void configMap(Field object, Problems problems) {
    long total = 0;
    Field binary = object.get("binaryData");
    for (var entry : object.get("data").fields().entrySet()) {
      key(entry.getKey(), entry.getValue(), problems);
      if (binary.get(entry.getKey()).isSet()) {
        problems.report(entry.getValue(), "key '" + entry.getKey() + "' is also in binaryData; a key may be in only"
            + " one of them");
      }
      total += entry.getValue().textOrEmpty().getBytes(StandardCharsets.UTF_8).length;
    }
    for (var entry : binary.fields().entrySet()) {
      key(entry.getKey(), entry.getValue(), problems);
      total += decodedLength(entry.getValue(), problems);
    }
    if (total > MAX_BYTES) {
      problems.report(Field.root(object.value()), "data and binaryData hold " + total + " bytes, more than the "
          + MAX_BYTES + " (1 MiB) a ConfigMap may hold; split it or mount the content another way");
    }
  }

  static void secret(Field object, Problems problems) {
    // stringData is merged into data (and base64-encoded) before validation.
    Map<String, Long> sizes = new HashMap<>();
    for (var entry : object.get("data").fields().entrySet()) {
      key(entry.getKey(), entry.getValue(), problems);
      sizes.put(entry.getKey(), decodedLength(entry.getValue(), problems));
    }
    for (var entry : object.get("stringData").fields().entrySet()) {
      key(entry.getKey(), entry.getValue(), problems);
      sizes.put(entry.getKey(), (long) entry.getValue().textOrEmpty().getBytes(StandardCharsets.UTF_8).length);
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    if (total > MAX_BYTES) {
      problems.report(object.get("data"), "the Secret holds " + total + " bytes, more than the " + MAX_BYTES
          + " (1 MiB) allowed");
    }
    String type = object.get("type").textOrEmpty();
    switch (type) {
      case "kubernetes.io/service-account-token" -> {
        Field annotation = object.get("metadata", "annotations", "kubernetes.io/service-account.name");
        if (annotation.textOrEmpty().isEmpty()) {
          problems.report(annotation, "a service-account-token Secret needs the kubernetes.io/service-account.name"
              + " annotation");
        }
      }
      case "kubernetes.io/dockercfg" -> requiredKeys(object, sizes, problems, ".dockercfg");
      case "kubernetes.io/dockerconfigjson" -> {
        requiredKeys(object, sizes, problems, ".dockerconfigjson");
        dockerConfigJson(object, problems);
      }
      case "kubernetes.io/basic-auth" -> {
        if (!sizes.containsKey("username") && !sizes.containsKey("password")) {
          problems.report(object.get("data"), "a basic-auth Secret needs a 'username' or 'password' key");
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        if (sizes.getOrDefault("ssh-privatekey", 0L) == 0) {
          problems.report(object.get("data", "ssh-privatekey"), "an ssh-auth Secret needs a non-empty"
              + " 'ssh-privatekey'");
        }
      }
      case "kubernetes.io/tls" -> requiredKeys(object, sizes, problems, "tls.crt", "tls.key");
      default -> { }
    }
  }

  private static void requiredKeys(Field object, Map<String, Long> sizes, Problems problems, String... keys) {
    for (String key : keys) {
      if (!sizes.containsKey(key)) {
        problems.report(object.get("data", key), "a Secret of type " + object.get("type").text() + " needs the key '"
            + key + "'");
      }
    }
  }

  private static void dockerConfigJson(Field object, Problems problems) {
    Field encoded = object.get("data", ".dockerconfigjson");
    Field plain = object.get("stringData", ".dockerconfigjson");
    String json = null;
    try {
      json = plain.isText() ? plain.text()
          : encoded.isText() ? new String(Base64.getDecoder().decode(encoded.text().replace("\n", "")),
              StandardCharsets.UTF_8) : null;
      if (json != null && !JSON.readTree(json).isObject()) {
        throw new IOException("not a JSON object");
      }
    } catch (IllegalArgumentException | IOException e) {
      problems.report(plain.isText() ? plain : encoded, ".dockerconfigjson must be a JSON object");
    }
  }

  private static void key(String key, Field at, Problems problems) {
    String problem = Formats.configMapKey(key);
    if (problem != null) {
      problems.report(at, "key '" + key + "' " + problem);
    }
  }

  /** Secret data and binaryData are base64; the API server rejects anything else when decoding the object. */
  private static long decodedLength(Field value, Problems problems) {
    if (!value.isText()) {
      return 0;
    }
    try {
      // Go's decoder skips line breaks, so multi-line base64 is fine.
      return Base64.getDecoder().decode(value.text().replace("\r", "").replace("\n", "")).length;
    } catch (IllegalArgumentException e) {
      problems.report(value, "is not valid base64; encode the bytes with base64 (or use stringData for text)");
      return 0;
    }
  }
}
