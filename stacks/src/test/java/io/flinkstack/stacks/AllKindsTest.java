package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pulumi.kubernetes.apps.v1.Deployment;
import com.pulumi.kubernetes.apps.v1.StatefulSet;
import com.pulumi.kubernetes.autoscaling.v2.HorizontalPodAutoscaler;
import com.pulumi.kubernetes.coordination.v1.Lease;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.PersistentVolumeClaim;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceAccount;
import com.pulumi.kubernetes.networking.v1.Ingress;
import com.pulumi.kubernetes.networking.v1.NetworkPolicy;
import com.pulumi.kubernetes.policy.v1.PodDisruptionBudget;
import com.pulumi.kubernetes.rbac.v1.Role;
import com.pulumi.kubernetes.rbac.v1.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.Include;
import org.cdk8s.IncludeProps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One object of every kind the constructs produce or will produce, a custom resource and an object with a
 * field unknown to the SDK: each reaches Pulumi whole, typed where the SDK has the kind, in tier order.
 */
class AllKindsTest {
  private static final String COMPONENT = "fixtures";
  private static final Consumer<App> FIXTURE = app -> new Include(new Chart(app, "fixtures"), "all-kinds",
      IncludeProps.builder().url(Path.of("src/test/resources/all-kinds.yaml").toAbsolutePath().toString()).build());

  private static List<JsonNode> synthesized;
  private static MockStack.Run run;
  private static FlinkApplicationComponent component;

  @BeforeAll
  static void deploy() {
    synthesized = Manifests.synthesize(FIXTURE);
    AtomicReference<FlinkApplicationComponent> created = new AtomicReference<>();
    run = MockStack.run(Map.of(), ctx -> created.set(new FlinkApplicationComponent(COMPONENT, FIXTURE, null)));
    component = created.get();
  }

  @Test
  void everyFieldOfEveryObjectIsRegistered() {
    assertThat(run.result().errors()).isEmpty();
    Map<String, Object> expected = new TreeMap<>();
    Map<String, String> expectedTokens = new TreeMap<>();
    synthesized.forEach(o -> {
      expected.put(Manifests.key(o), Normalized.of(o));
      expectedTokens.put(Manifests.key(o), Manifests.expectedToken(o));
    });
    Map<String, Object> registered = new TreeMap<>();
    Map<String, String> registeredTokens = new TreeMap<>();
    run.kubernetes().forEach(r -> {
      registered.put(Manifests.key(r), Normalized.of(r.inputs()));
      registeredTokens.put(Manifests.key(r), r.type());
    });
    assertThat(synthesized).hasSize(17);
    assertThat(registeredTokens).isEqualTo(expectedTokens);
    expected.forEach((key, object) -> assertThat(registered.get(key)).as(key).isEqualTo(object));
  }

  @Test
  void builtInKindsAreTypedAndTheRestUntyped() {
    Map<String, Class<?>> classes = component.objects().stream().collect(Collectors.toMap(
        o -> o.object().kind() + " " + o.object().name(), o -> o.resource().getClass()));
    assertThat(classes).containsAllEntriesOf(Map.ofEntries(
        Map.entry("Namespace fixtures", Namespace.class),
        Map.entry("ServiceAccount web", ServiceAccount.class),
        Map.entry("ConfigMap web-config", ConfigMap.class),
        Map.entry("Secret web-credentials", Secret.class),
        Map.entry("Role web-leader", Role.class),
        Map.entry("RoleBinding web-leader", RoleBinding.class),
        Map.entry("Lease web-leader", Lease.class),
        Map.entry("PersistentVolumeClaim web-data", PersistentVolumeClaim.class),
        Map.entry("Service web", Service.class),
        Map.entry("NetworkPolicy web", NetworkPolicy.class),
        Map.entry("PodDisruptionBudget web", PodDisruptionBudget.class),
        Map.entry("Deployment web", Deployment.class),
        Map.entry("StatefulSet store", StatefulSet.class),
        Map.entry("Ingress web", Ingress.class),
        Map.entry("HorizontalPodAutoscaler web", HorizontalPodAutoscaler.class),
        // no typed class in the SDK: registered under its own token
        Map.entry("FlinkDeployment sessions", UntypedKubernetesResource.class),
        // a field ServiceArgs has no place for: untyped rather than losing it
        Map.entry("Service future", UntypedKubernetesResource.class)));
    DeployedObject future = component.objects().stream().filter(o -> o.object().name().equals("future"))
        .findFirst().orElseThrow();
    assertThat(future.untypedReason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("spec.futureField"));
    assertThat(component.objects().stream().filter(o -> o.object().name().equals("web")
        && o.object().kind().equals("Service")).findFirst().orElseThrow().untypedReason()).isEmpty();
  }

  @Test
  void everyResourceIsAChildOfTheComponent() {
    assertThat(run.kubernetes()).allSatisfy(r -> assertThat(r.parent()).isEqualTo(COMPONENT));
  }

  @Test
  void tiersWaitForEachOther() {
    String ns = COMPONENT + "/fixtures";
    assertThat(run.find("Namespace", COMPONENT + "/fixtures").dependsOn()).isEmpty();
    List<String> foundation = List.of(ns + "/web", ns + "/web-config", ns + "/web-credentials", ns + "/web-leader",
        ns + "/web-data", ns + "/future");
    for (String kind : List.of("ServiceAccount", "ConfigMap", "Secret", "Role", "RoleBinding", "Lease",
        "PersistentVolumeClaim", "Service", "NetworkPolicy", "PodDisruptionBudget")) {
      MockStack.Registration r = run.registrations().stream()
          .filter(x -> x.type().endsWith(":" + kind)).findFirst().orElseThrow();
      assertThat(r.dependsOn()).as(kind).containsExactly(COMPONENT + "/fixtures");
    }
    for (String kind : List.of("Deployment", "StatefulSet", "Ingress", "FlinkDeployment")) {
      MockStack.Registration r = run.registrations().stream()
          .filter(x -> x.type().endsWith(":" + kind)).findFirst().orElseThrow();
      // all 11 foundation objects (names repeat across kinds), nothing else
      assertThat(r.dependsOn()).as(kind).hasSize(11).allSatisfy(d -> assertThat(foundation).contains(d));
    }
    assertThat(run.find("HorizontalPodAutoscaler", ns + "/web").dependsOn())
        .containsExactlyInAnyOrder(ns + "/web", ns + "/store", ns + "/web", ns + "/sessions");
  }

  @Test
  void onlyTheScaledWorkloadIgnoresReplicas() {
    String ns = COMPONENT + "/fixtures";
    assertThat(run.find("Deployment", ns + "/web").ignoreChanges()).containsExactly("spec.replicas");
    assertThat(run.find("StatefulSet", ns + "/store").ignoreChanges()).isEmpty();
    assertThat(run.kubernetes().stream().filter(r -> !r.ignoreChanges().isEmpty())).hasSize(1);
  }
}
