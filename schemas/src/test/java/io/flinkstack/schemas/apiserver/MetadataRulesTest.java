package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.CLUSTER_ROLE;
import static io.flinkstack.schemas.TestManifests.CONFIG_MAP;
import static io.flinkstack.schemas.TestManifests.CUSTOM_RESOURCE_DEFINITION;
import static io.flinkstack.schemas.TestManifests.FLINK_DEPLOYMENT;
import static io.flinkstack.schemas.TestManifests.POD_DISRUPTION_BUDGET;
import static io.flinkstack.schemas.TestManifests.ROLE;
import static io.flinkstack.schemas.TestManifests.SERVICE;
import static io.flinkstack.schemas.TestManifests.STATEFUL_SET;
import static io.flinkstack.schemas.TestManifests.parse;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** ValidateObjectMetaAccessor and each kind's name function. */
class MetadataRulesTest extends RuleCases {
  private static final String LONG = "a".repeat(64);

  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("name is required", without(CONFIG_MAP, "/metadata/name"), "/metadata/name", "metadata.name is required"),
        rejectValue("ConfigMap names are DNS subdomains", CONFIG_MAP, "/metadata/name", "Wordcount",
            "must be a DNS-1123 subdomain"),
        rejectValue("subdomains have at most 253 characters", CONFIG_MAP, "/metadata/name", "a".repeat(254),
            "at most 253"),
        rejectValue("Service names are DNS-1035 labels", SERVICE, "/metadata/name", "1rest", "DNS-1035 label"),
        rejectValue("Service names have no dots", SERVICE, "/metadata/name", "wordcount.rest", "DNS-1035 label"),
        rejectValue("StatefulSet names are DNS labels", STATEFUL_SET, "/metadata/name", "wordcount.taskmanager",
            "must not contain dots"),
        rejectValue("RBAC names are path segments", ROLE, "/metadata/name", "flink/ha", "may not contain '/' or '%'"),
        rejectValue("custom resource names are DNS subdomains", FLINK_DEPLOYMENT, "/metadata/name", "Fraud_Detection",
            "DNS-1123 subdomain"),
        reject("generateName follows the name format", with(without(CONFIG_MAP, "/metadata/name"),
            "/metadata/generateName", "Wordcount-"), "/metadata/generateName", "DNS-1123 subdomain"),
        rejectValue("namespace is a DNS label", CONFIG_MAP, "/metadata/namespace", "Flink",
            "namespace 'Flink' must be a DNS-1123 label"),
        rejectValue("label keys are qualified names", CONFIG_MAP, "/metadata/labels/bad key", "x",
            "label key 'bad key' name part must consist of"),
        rejectValue("label key prefixes are DNS subdomains", CONFIG_MAP, "/metadata/labels/Example.com~1name", "x",
            "prefix 'Example.com'"),
        rejectValue("label key prefixes are not empty", CONFIG_MAP, "/metadata/labels/~1name", "x", "empty prefix"),
        rejectValue("label keys have at most one slash", CONFIG_MAP, "/metadata/labels/a~1b~1c", "x",
            "at most one '/'"),
        rejectValue("label key names have at most 63 characters", CONFIG_MAP, "/metadata/labels/" + LONG, "x",
            "at most 63"),
        rejectValue("label values have at most 63 characters", CONFIG_MAP, "/metadata/labels/app.kubernetes.io~1name",
            LONG, "at most 63"),
        rejectValue("label values start with an alphanumeric", CONFIG_MAP, "/metadata/labels/app.kubernetes.io~1name",
            "-flink", "label value '-flink'"),
        rejectValue("annotation keys are qualified names", CONFIG_MAP, "/metadata/annotations/bad key!", "x",
            "annotation key 'bad key!'"),
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
        accept("the CRD name is plural.group", parse(CUSTOM_RESOURCE_DEFINITION)));
  }
}
