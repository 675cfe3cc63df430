package io.flinkstack.constructs.operatorinstall;

import io.flinkstack.constructs.FlinkOperatorInstallProps;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Validates {@link FlinkOperatorInstallProps} and applies their defaults. Every problem is collected, each
 * naming the property and the fix, and thrown together before anything is built.
 */
public final class OperatorInstallValidator {
  private static final Pattern MEMORY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final Pattern CPU = Pattern.compile("[0-9]+m|[0-9]+(\\.[0-9]{1,3})?");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private OperatorInstallValidator() {}

  /** @param path the construct path, for messages; asked for only when there is a problem */
  public static OperatorInstallSpec validate(FlinkOperatorInstallProps props, Supplier<String> path) {
    Problems problems = new Problems(path);
    String namespace = props.getNamespace();
    if (problems.check(namespace != null && !namespace.isBlank(), "namespace",
        "is required; e.g. namespace(\"" + FlinkOperatorInstallProps.DEFAULT_NAMESPACE + "\")")) {
      checkNamespace(problems, "namespace", namespace);
    }
    String image = props.getImage();
    problems.check(image != null && !image.isBlank() && !image.matches(".*\\s.*"), "image",
        (image == null || image.isBlank() ? "is required" : "'" + image + "' contains white space")
            + "; e.g. image(\"" + FlinkOperatorInstallProps.DEFAULT_IMAGE + "\")");
    for (String secret : props.getImagePullSecrets()) {
      problems.check(Names.isDns1123Subdomain(secret), "imagePullSecrets",
          "'" + secret + "' is not a Secret name (DNS-1123 subdomain: lower case letters, digits, '-', '.')");
    }

    List<String> watched = props.getWatchedNamespaces();
    checkNamespaces(problems, "watchedNamespaces", watched);
    List<String> jobNamespaces = jobNamespaces(props, problems);

    int replicas = orDefault(props.getReplicas(), 1);
    boolean leaderElection = orDefault(props.getLeaderElection(), false);
    problems.check(replicas >= 1, "replicas", replicas + " is less than 1; the operator needs one pod");
    problems.check(replicas <= 1 || leaderElection, "replicas",
        replicas + " operators without leader election would all reconcile the same resources;"
            + " add leaderElection(true), or use replicas(1)");
    String leaseName = orDefault(props.getLeaseName(), FlinkOperatorInstallProps.DEFAULT_LEASE_NAME);
    problems.check(!leaderElection || Names.isDns1123Subdomain(leaseName), "leaseName",
        "'" + leaseName + "' is not a Lease name (DNS-1123 subdomain); e.g. "
            + FlinkOperatorInstallProps.DEFAULT_LEASE_NAME);

    int healthProbePort = orDefault(props.getHealthProbePort(), FlinkOperatorInstallProps.DEFAULT_HEALTH_PROBE_PORT);
    problems.check(healthProbePort >= 1 && healthProbePort <= 65535, "healthProbePort",
        healthProbePort + " is not a port (1-65535); the default is 8085");

    OperatorInstallSpec.Webhook webhook = webhook(props, problems, healthProbePort);

    SortedMap<String, String> configuration = configuration(props, problems, watched, leaderElection, leaseName,
        healthProbePort);

    String memory = orDefault(props.getMemory(), "1Gi");
    problems.check(MEMORY.matcher(memory).matches(), "memory",
        "'" + memory + "' is not a Kubernetes memory quantity; e.g. 1Gi, 768Mi");
    String cpu = orDefault(props.getCpu(), "500m");
    problems.check(CPU.matcher(cpu).matches(), "cpu", "'" + cpu + "' is not a Kubernetes CPU quantity; e.g. 500m, 1");
    checkText(problems, "logConfiguration", props.getLogConfiguration());
    checkText(problems, "flinkLogConfiguration", props.getFlinkLogConfiguration());
    String jvmArgs = props.getJvmArgs();
    problems.check(jvmArgs == null || !jvmArgs.contains("\n"), "jvmArgs", "must be one line of JVM options");

    problems.throwIfAny();
    return new OperatorInstallSpec(namespace, image,
        orDefault(props.getImagePullPolicy(), ImagePullPolicy.IF_NOT_PRESENT).value(),
        props.getImagePullSecrets(), watched, jobNamespaces, replicas, leaderElection, leaseName, healthProbePort,
        configuration, orDefault(props.getLogConfiguration(), OperatorLogConfiguration.OPERATOR),
        orDefault(props.getFlinkLogConfiguration(), OperatorLogConfiguration.FLINK),
        jvmArgs == null || jvmArgs.isBlank() ? null : jvmArgs.strip(), memory, cpu, webhook,
        orDefault(props.getInstallCrds(), true));
  }

  private static List<String> jobNamespaces(FlinkOperatorInstallProps props, Problems problems) {
    if (!props.getWatchedNamespaces().isEmpty()) {
      // Job RBAC goes where the operator creates clusters; a namespaced operator creates them nowhere else.
      problems.check(props.getJobNamespaces() == null, "jobNamespaces",
          "applies to cluster-scoped installs only: every watched namespace already gets the 'flink' "
              + "ServiceAccount; leave jobNamespaces out, or add the namespaces to watchedNamespaces");
      return props.getWatchedNamespaces();
    }
    if (props.getJobNamespaces() == null) {
      // A missing namespace has been reported already.
      return props.getNamespace() == null ? List.of() : List.of(props.getNamespace());
    }
    checkNamespaces(problems, "jobNamespaces", props.getJobNamespaces());
    return props.getJobNamespaces();
  }

  private static OperatorInstallSpec.Webhook webhook(FlinkOperatorInstallProps props, Problems problems, int healthPort) {
    String certificate = props.getWebhookCertificateSecret();
    String password = props.getWebhookKeystorePasswordSecret();
    String caBundle = props.getWebhookCaBundle();
    if (!orDefault(props.getWebhook(), false)) {
      Map<String, String> setWithoutWebhook = new LinkedHashMap<>();
      setWithoutWebhook.put("webhookCertificateSecret", certificate);
      setWithoutWebhook.put("webhookKeystorePasswordSecret", password);
      setWithoutWebhook.put("webhookCaBundle", caBundle);
      setWithoutWebhook.forEach((field, value) -> problems.check(value == null, field,
          "is set but the webhook is off; add webhook(true), or leave " + field + " out"));
      return null;
    }
    if (problems.check(certificate != null, "webhookCertificateSecret",
        "is required with webhook(true): the name of a Secret in the operator's namespace with keystore.p12 "
            + "(cert-manager writes one for a Certificate with keystores.pkcs12.create: true)")) {
      problems.check(Names.isDns1123Subdomain(certificate), "webhookCertificateSecret",
          "'" + certificate + "' is not a Secret name (DNS-1123 subdomain)");
    }
    if (problems.check(password != null, "webhookKeystorePasswordSecret",
        "is required with webhook(true): the name of the Secret holding keystore.p12's password (the one the "
            + "Certificate's keystores.pkcs12.passwordSecretRef names)")) {
      problems.check(Names.isDns1123Subdomain(password), "webhookKeystorePasswordSecret",
          "'" + password + "' is not a Secret name (DNS-1123 subdomain)");
    }
    String passwordKey = orDefault(props.getWebhookKeystorePasswordKey(), "password");
    problems.check(SECRET_KEY.matcher(passwordKey).matches(), "webhookKeystorePasswordKey",
        "'" + passwordKey + "' is not a Secret key (letters, digits, '-', '_', '.')");
    if (caBundle != null) {
      problems.check(isBase64Pem(caBundle), "webhookCaBundle",
          "must be the base64 of a PEM CA certificate (base64 -w0 ca.crt), or left out for cert-manager's CA injector");
    }
    problems.check(healthPort != OperatorNames.WEBHOOK_PORT, "healthProbePort",
        healthPort + " is the webhook's port in the same pod; pick another, e.g. 8085");
    return new OperatorInstallSpec.Webhook(certificate, password, passwordKey, caBundle);
  }

  private static SortedMap<String, String> configuration(FlinkOperatorInstallProps props, Problems problems,
      List<String> watched, boolean leaderElection, String leaseName, int healthProbePort) {
    Map<String, String> derived = new LinkedHashMap<>();
    checkDuration(problems, "reconcileInterval", props.getReconcileInterval());
    checkDuration(problems, "progressCheckInterval", props.getProgressCheckInterval());
    checkDuration(problems, "savepointHistoryMaxAge", props.getSavepointHistoryMaxAge());
    putIfSet(derived, OperatorConfiguration.RECONCILE_INTERVAL, props.getReconcileInterval());
    putIfSet(derived, OperatorConfiguration.PROGRESS_CHECK_INTERVAL, props.getProgressCheckInterval());
    putIfSet(derived, OperatorConfiguration.SAVEPOINT_HISTORY_MAX_AGE, props.getSavepointHistoryMaxAge());
    Integer maxCount = props.getSavepointHistoryMaxCount();
    if (maxCount != null) {
      problems.check(maxCount >= 1, "savepointHistoryMaxCount", maxCount + " is less than 1; keep at least one savepoint");
      derived.put(OperatorConfiguration.SAVEPOINT_HISTORY_MAX_COUNT, maxCount.toString());
    }
    derived.put(OperatorConfiguration.HEALTH_PROBE_ENABLED, "true");
    derived.put(OperatorConfiguration.HEALTH_PROBE_PORT, Integer.toString(healthProbePort));
    if (!watched.isEmpty()) {
      derived.put(OperatorConfiguration.WATCHED_NAMESPACES, String.join(",", watched));
    }
    if (leaderElection) {
      derived.put(OperatorConfiguration.LEADER_ELECTION_ENABLED, "true");
      derived.put(OperatorConfiguration.LEADER_ELECTION_LEASE_NAME, leaseName);
    }

    Map<String, String> overrides = props.getConfiguration();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = e.getKey();
      if (!problems.check(key != null, "configuration", "has a null key")) {
        continue;
      }
      String property = OperatorConfiguration.DERIVED_FROM_PROPERTIES.get(key);
      problems.check(property == null, "configuration",
          "'" + key + "' is derived from " + property + " (other objects follow it); set " + property + " instead");
      problems.check(key.matches("[A-Za-z0-9._<>-]+"), "configuration",
          "'" + key + "' is not a configuration key (letters, digits, '.', '-', '_')");
      String value = e.getValue();
      problems.check(value != null && !value.contains("#") && !value.contains("\n"), "configuration",
          "the value of '" + key + "' must be one line without '#' (flink-conf.yaml reads '#' as a comment)");
    }
    return OperatorConfiguration.merge(derived, overrides);
  }

  private static void checkNamespaces(Problems problems, String field, List<String> namespaces) {
    CommonChecks.namespaces(problems, field, namespaces);
  }

  private static boolean checkNamespace(Problems problems, String field, String ns) {
    return CommonChecks.namespace(problems, field, ns);
  }

  private static void checkDuration(Problems problems, String field, String value) {
    CommonChecks.flinkDuration(problems, field, value);
  }

  private static void checkText(Problems problems, String field, String value) {
    problems.check(value == null || !value.isBlank(), field,
        "is blank; leave it out for flinkstack's default, or give the whole log4j2 properties file");
  }

  private static boolean isBase64Pem(String value) {
    try {
      String pem = new String(Base64.getDecoder().decode(value.strip()), StandardCharsets.US_ASCII);
      return pem.contains("-----BEGIN CERTIFICATE-----");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void putIfSet(Map<String, String> config, String key, String value) {
    if (value != null) {
      config.put(key, value.strip());
    }
  }

  private static <T> T orDefault(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
