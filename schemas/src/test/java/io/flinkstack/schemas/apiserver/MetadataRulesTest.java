package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.apiserver.Manifests.CLUSTER_ROLE;
import static io.flinkstack.schemas.apiserver.Manifests.CONFIG_MAP;
import static io.flinkstack.schemas.apiserver.Manifests.CUSTOM_RESOURCE_DEFINITION;
import static io.flinkstack.schemas.apiserver.Manifests.FLINK_DEPLOYMENT;
import static io.flinkstack.schemas.apiserver.Manifests.POD_DISRUPTION_BUDGET;
import static io.flinkstack.schemas.apiserver.Manifests.ROLE;
import static io.flinkstack.schemas.apiserver.Manifests.SERVICE;
import static io.flinkstack.schemas.apiserver.Manifests.STATEFUL_SET;
import static io.flinkstack.schemas.apiserver.Manifests.with;
import static io.flinkstack.schemas.apiserver.Manifests.without;
import static io.flinkstack.schemas.apiserver.RuleCases.accept;
import static io.flinkstack.schemas.apiserver.RuleCases.reject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ValidateObjectMetaAccessor and each kind's name function. */
class MetadataRulesTest {
  private static final String LONG = "a".repeat(64);

  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("name is required", without(CONFIG_MAP, "/metadata/name"), "/metadata/name", "metadata.name is required"),
        reject("ConfigMap names are DNS subdomains", with(CONFIG_MAP, "/metadata/name", "Wordcount"),
            "/metadata/name", "must be a DNS-1123 subdomain"),
        reject("subdomains have at most 253 characters", with(CONFIG_MAP, "/metadata/name", "a".repeat(254)),
            "/metadata/name", "at most 253"),
        reject("Service names are DNS-1035 labels", with(SERVICE, "/metadata/name", "1rest"),
            "/metadata/name", "DNS-1035 label"),
        reject("Service names have no dots", with(SERVICE, "/metadata/name", "wordcount.rest"),
            "/metadata/name", "DNS-1035 label"),
        reject("StatefulSet names are DNS labels", with(STATEFUL_SET, "/metadata/name", "wordcount.taskmanager"),
            "/metadata/name", "must not contain dots"),
        reject("RBAC names are path segments", with(ROLE, "/metadata/name", "flink/ha"),
            "/metadata/name", "may not contain '/' or '%'"),
        reject("custom resource names are DNS subdomains", with(FLINK_DEPLOYMENT, "/metadata/name", "Fraud_Detection"),
            "/metadata/name", "DNS-1123 subdomain"),
        reject("generateName follows the name format", with(without(CONFIG_MAP, "/metadata/name"),
            "/metadata/generateName", "Wordcount-"), "/metadata/generateName", "DNS-1123 subdomain"),
        reject("namespace is a DNS label", with(CONFIG_MAP, "/metadata/namespace", "Flink"),
            "/metadata/namespace", "namespace 'Flink' must be a DNS-1123 label"),
        reject("label keys are qualified names", with(CONFIG_MAP, "/metadata/labels/bad key", "x"),
            "/metadata/labels/bad key", "label key 'bad key' name part must consist of"),
        reject("label key prefixes are DNS subdomains", with(CONFIG_MAP, "/metadata/labels/Example.com~1name", "x"),
            "/metadata/labels/Example.com~1name", "prefix 'Example.com'"),
        reject("label key prefixes are not empty", with(CONFIG_MAP, "/metadata/labels/~1name", "x"),
            "/metadata/labels/~1name", "empty prefix"),
        reject("label keys have at most one slash", with(CONFIG_MAP, "/metadata/labels/a~1b~1c", "x"),
            "/metadata/labels/a~1b~1c", "at most one '/'"),
        reject("label key names have at most 63 characters", with(CONFIG_MAP, "/metadata/labels/" + LONG, "x"),
            "/metadata/labels/" + LONG, "at most 63"),
        reject("label values have at most 63 characters", with(CONFIG_MAP,
            "/metadata/labels/app.kubernetes.io~1name", LONG), "/metadata/labels/app.kubernetes.io~1name",
            "at most 63"),
        reject("label values start with an alphanumeric", with(CONFIG_MAP,
            "/metadata/labels/app.kubernetes.io~1name", "-flink"), "/metadata/labels/app.kubernetes.io~1name",
            "label value '-flink'"),
        reject("annotation keys are qualified names", with(CONFIG_MAP, "/metadata/annotations/bad key!", "x"),
            "/metadata/annotations/bad key!", "annotation key 'bad key!'"),
        reject("annotations total at most 256 KiB", with(CONFIG_MAP, "/metadata/annotations/example.com~1big",
            "x".repeat(256 * 1024)), "/metadata/annotations", "more than the 262144 bytes"),
        reject("finalizers without a domain must be standard", with(CONFIG_MAP, "/metadata/finalizers",
            "[cleanup]"), "/metadata/finalizers/0", "neither a standard finalizer nor domain-qualified"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("generateName instead of name", with(without(CONFIG_MAP, "/metadata/name"),
            "/metadata/generateName", "wordcount-")),
        accept("RBAC names allow upper case and colons", with(ROLE, "/metadata/name", "system:Flink-HA")),
        accept("PodDisruptionBudget names are only path segments", with(POD_DISRUPTION_BUDGET, "/metadata/name",
            "Wordcount_TM")),
        accept("a namespace on a cluster-scoped object is cleared, not checked",
            with(CLUSTER_ROLE, "/metadata/namespace", "Not_A_Namespace")),
        accept("empty label values", with(CONFIG_MAP, "/metadata/labels/example.com~1marker", "\"\"")),
        accept("annotation keys are compared in lower case", with(CONFIG_MAP,
            "/metadata/annotations/Example.COM~1Key", "x")),
        accept("standard and qualified finalizers", with(CONFIG_MAP, "/metadata/finalizers",
            "[kubernetes, example.com/cleanup]")),
        accept("custom resource names may have dots", with(FLINK_DEPLOYMENT, "/metadata/name", "fraud.detection")),
        accept("63-character label values", with(CONFIG_MAP, "/metadata/labels/app.kubernetes.io~1name",
            "a".repeat(63))),
        accept("the CRD name is plural.group", Manifests.parse(CUSTOM_RESOURCE_DEFINITION)));
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
