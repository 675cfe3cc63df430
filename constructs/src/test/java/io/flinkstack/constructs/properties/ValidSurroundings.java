package io.flinkstack.constructs.properties;

import static io.flinkstack.constructs.properties.ValidApplications.calls;
import static io.flinkstack.constructs.properties.ValidApplications.maybe;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.Placement;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Valid exposure (REST service, ingress, network policy, metrics) and placement, environment, annotations. */
final class ValidSurroundings {
  private ValidSurroundings() {}

  /** REST service type, ingress, network policy and who may pass it, the Prometheus reporter. */
  static Arbitrary<List<PropsCall>> exposure() {
    Arbitrary<PropsCall> restService = Arbitraries.oneOf(
        Arbitraries.of(
            PropsCall.of("restService(RestService.clusterIp())", b -> b.restService(RestService.clusterIp())),
            PropsCall.of("restService(RestService.nodePort().protectedBy(RestProtection.unauthenticated()))",
                b -> b.restService(RestService.nodePort().protectedBy(RestProtection.unauthenticated()))),
            PropsCall.of("restService(RestService.loadBalancer().protectedBy(RestProtection.authenticatedBy(\"mTLS\")))",
                b -> b.restService(RestService.loadBalancer().protectedBy(RestProtection.authenticatedBy("mTLS"))))),
        Arbitraries.integers().between(30000, 32767).map(port -> PropsCall.of(
            "restService(RestService.nodePort(" + port + ").protectedBy(RestProtection.unauthenticated()))",
            b -> b.restService(RestService.nodePort(port).protectedBy(RestProtection.unauthenticated())))));
    Arbitrary<PropsCall> networkPolicy = Arbitraries.of(true, false)
        .map(on -> PropsCall.of("networkPolicy(" + on + ")", b -> b.networkPolicy(on)));
    Arbitrary<PropsCall> prometheus = Arbitraries.of(true, false)
        .map(on -> PropsCall.of("prometheus(" + on + ")", b -> b.prometheus(on)));
    // Always with an address range: an exposed REST Service (NodePort, LoadBalancer) needs one under a NetworkPolicy.
    Arbitrary<PropsCall> restAccess = networkAccess().list().ofMaxSize(3)
        .map(list -> {
          List<Coded<NetworkAccess>> withCidr = new java.util.ArrayList<>(list);
          withCidr.add(new Coded<>(NetworkAccess.cidr("10.0.0.0/8"), "NetworkAccess.cidr(\"10.0.0.0/8\")"));
          return withCidr;
        })
        .map(list -> PropsCall.of("restAccess(" + Coded.codes(list) + ")", b -> b.restAccess(Coded.values(list))));
    Arbitrary<PropsCall> metricsAccess = networkAccess().list().ofMaxSize(3)
        .map(list -> PropsCall.of("metricsAccess(" + Coded.codes(list) + ")", b -> b.metricsAccess(Coded.values(list))));
    return calls(maybe(restService), maybe(restIngress()), maybe(networkPolicy), maybe(prometheus),
        restAccess, maybe(metricsAccess));
  }

  private static Arbitrary<Coded<NetworkAccess>> networkAccess() {
    Arbitrary<String> cidr = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(8, 32)).as((a, b, bits) -> "10." + a + "." + b + ".0/" + bits),
        Arbitraries.of("0.0.0.0/0", "192.168.0.0/16", "fd00::/8", "2001:db8::/32"));
    return Arbitraries.oneOf(
        Arbitraries.just(new Coded<>(NetworkAccess.sameNamespace(), "NetworkAccess.sameNamespace()")),
        PropsValues.labels().map(l -> new Coded<>(NetworkAccess.pods(l), "NetworkAccess.pods(" + Java.map(l) + ")")),
        PropsValues.labels().map(l -> new Coded<>(NetworkAccess.namespaces(l),
            "NetworkAccess.namespaces(" + Java.map(l) + ")")),
        cidr.map(c -> new Coded<>(NetworkAccess.cidr(c), "NetworkAccess.cidr(" + Java.string(c) + ")")));
  }

  private static Arbitrary<PropsCall> restIngress() {
    Arbitrary<String> host = Arbitraries.oneOf(PropsValues.dnsSubdomains(),
        PropsValues.dnsSubdomains().map(h -> "*." + h));
    Arbitrary<String> path = Arbitraries.of("/", "/flink", "/teams/payments/flink/");
    Arbitrary<String> className = Arbitraries.of("nginx", "traefik").injectNull(0.5);
    Arbitrary<String> tls = PropsValues.dnsSubdomains().injectNull(0.5);
    Arbitrary<Map<String, String>> annotations = Arbitraries.maps(PropsValues.annotationKeys(), PropsValues.freeText())
        .ofMaxSize(2);
    return Combinators.combine(host, path, className, tls, annotations).as((h, p, c, t, a) -> PropsCall.of(
        String.format("restIngress(RestIngress.builder().host(%s).path(%s).ingressClassName(%s).tlsSecretName(%s)"
            + ".annotations(%s).protectedBy(RestProtection.authenticatedBy(\"sso\")).build())", Java.string(h),
            Java.string(p), Java.string(c), Java.string(t), Java.map(a)),
        b -> b.restIngress(RestIngress.builder().host(h).path(p).ingressClassName(c).tlsSecretName(t).annotations(a)
            .protectedBy(RestProtection.authenticatedBy("sso")).build())));
  }

  /** Placement, environment, annotations and a replaced log configuration. */
  static Arbitrary<List<PropsCall>> placementAndExtras() {
    Arbitrary<PropsCall> env = Arbitraries.maps(PropsValues.envNames(), PropsValues.freeText()).ofMaxSize(4)
        .map(e -> PropsCall.of("env(" + Java.map(e) + ")", b -> b.env(e)));
    Arbitrary<Map<String, String>> annotations = Arbitraries.maps(PropsValues.annotationKeys(), PropsValues.freeText())
        .ofMaxSize(3);
    Arbitrary<PropsCall> podAnnotations = annotations
        .map(a -> PropsCall.of("podAnnotations(" + Java.map(a) + ")", b -> b.podAnnotations(a)));
    Arbitrary<PropsCall> serviceAccountAnnotations = annotations.map(a -> PropsCall.of(
        "serviceAccountAnnotations(" + Java.map(a) + ")", b -> b.serviceAccountAnnotations(a)));
    Arbitrary<PropsCall> logConfiguration = Arbitraries.of(
            "rootLogger.level = INFO\nrootLogger.appenderRef.console.ref = ConsoleAppender\n",
            "rootLogger.level = WARN\n")
        .map(l -> PropsCall.of("logConfiguration(" + Java.string(l) + ")", b -> b.logConfiguration(l)));
    return calls(maybe(placement()), maybe(env), maybe(podAnnotations), maybe(serviceAccountAnnotations),
        maybe(logConfiguration));
  }

  private static Arbitrary<PropsCall> placement() {
    Arbitrary<List<Coded<Toleration>>> tolerations = toleration().list().ofMaxSize(2);
    Arbitrary<String> priorityClass = PropsValues.dnsSubdomains().injectNull(0.5);
    return Combinators.combine(PropsValues.labels(), tolerations, Arbitraries.of(true, false),
            Arbitraries.of(true, false), priorityClass)
        .as((nodeSelector, tolerate, spread, zones, priority) -> PropsCall.of(
            String.format("placement(Placement.builder().nodeSelector(%s).tolerations(%s).spreadTaskManagers(%s)"
                    + ".spreadAcrossZones(%s).priorityClassName(%s).build())",
                Java.map(nodeSelector), Coded.codes(tolerate), spread, zones, Java.string(priority)),
            b -> b.placement(Placement.builder().nodeSelector(nodeSelector).tolerations(Coded.values(tolerate))
                .spreadTaskManagers(spread).spreadAcrossZones(zones).priorityClassName(priority).build())));
  }

  /** Tolerations the API server accepts: Exists has no value, only NoExecute has a toleration time. */
  private static Arbitrary<Coded<Toleration>> toleration() {
    Arbitrary<String> key = Arbitraries.of("dedicated", "node.example.com/pool", "flink");
    Arbitrary<String> effect = Arbitraries.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    return Combinators.combine(key, PropsValues.dnsLabels(20), effect, Arbitraries.of(true, false),
            Arbitraries.longs().between(0, 3600))
        .as((k, value, e, exists, seconds) -> {
          TolerationBuilder t = new TolerationBuilder().withKey(k).withEffect(e)
              .withOperator(exists ? "Exists" : "Equal").withValue(exists ? null : value)
              .withTolerationSeconds(e.equals("NoExecute") ? seconds : null);
          return new Coded<>(t.build(), "new TolerationBuilder().withKey(" + Java.string(k) + ").withEffect("
              + Java.string(e) + ").withOperator(\"" + (exists ? "Exists" : "Equal") + "\").withValue("
              + Java.string(exists ? null : value) + ").withTolerationSeconds("
              + (e.equals("NoExecute") ? seconds + "L" : "null") + ").build()");
        });
  }
}
