package io.flinkstack.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.FlinkSessionCluster;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * The clusters the version checks synthesize, for every Flink version, all in one cdk8s app synthesized once
 * (one JSII round trip for everything, shared by the test classes of the surefire run). Each case is read back
 * from the YAML cdk8s writes, i.e. what {@code kubectl apply} would get.
 */
final class SynthesizedApps {
  static final String ENTRY_CLASS = "com.example.Job";
  static final List<String> ARGS = List.of("--input", "x");
  static final String LOCAL_JAR = "local:///opt/flink/usrlib/job.jar";
  static final String REMOTE_JAR = "https://example.com/job.jar";

  private SynthesizedApps() {}

  enum Case {
    /** An application with a jar in the image. */
    PLAIN(true, false, LOCAL_JAR),
    /** The same with Kubernetes HA and state storage; the latter makes SAVEPOINT the upgrade mode (start script). */
    HA(true, true, LOCAL_JAR),
    /** A jar the entrypoint fetches (1.19+ only: before that the entrypoint only scans usrlib). */
    REMOTE(true, false, REMOTE_JAR),
    /** A session cluster with Kubernetes HA. */
    SESSION_HA(false, true, null),
    /**
     * Beyond the four cases of the arguments requirement: an application with the adaptive scheduler under an HPA,
     * local recovery and state storage, so that the contract's scheduler, local-recovery and checkpoint keys reach
     * a synthesized config file that ConfigKeysTest reads.
     */
    SCALED(true, false, LOCAL_JAR);

    final boolean application;
    final boolean ha;
    final String jarUri;

    Case(boolean application, boolean ha, String jarUri) {
      this.application = application;
      this.ha = ha;
      this.jarUri = jarUri;
    }

    boolean appliesTo(FlinkVersion v) {
      return this != REMOTE || v.isAtLeast(FlinkVersion.V1_19);
    }

    String clusterName() {
      return application ? "job" : "session";
    }
  }

  /**
   * One synthesized cluster, or why the constructs refused to build it.
   *
   * @param configFileName the key of the config file in the ConfigMap the cluster mounts
   */
  record Cluster(FlinkVersion version, Case kase, StatefulSet jobManager, StatefulSet taskManager, ConfigMap config,
      RuntimeException buildError) {
    String configFile() {
      return config.getData().get(version.configFileName());
    }

    /** Fails the calling test, with the constructs' message, when the cluster could not be built. */
    Cluster built() {
      if (buildError != null) {
        throw new AssertionError("the constructs refused " + kase + " on Flink " + version + ": "
            + buildError.getMessage(), buildError);
      }
      return this;
    }
  }

  private static Map<FlinkVersion, Map<Case, Cluster>> clusters;

  static synchronized Cluster get(FlinkVersion v, Case c) {
    if (!c.appliesTo(v)) {
      throw new IllegalArgumentException(c + " does not apply to " + v);
    }
    if (clusters == null) {
      clusters = synthesizeAll();
    }
    return clusters.get(v).get(c);
  }

  /** Every applicable (version, case) pair, for parameterized tests. */
  static List<Object[]> cases() {
    List<Object[]> all = new ArrayList<>();
    for (FlinkVersion v : FlinkVersion.values()) {
      for (Case c : Case.values()) {
        if (c.appliesTo(v)) {
          all.add(new Object[] {v, c});
        }
      }
    }
    return all;
  }

  private static String chartId(FlinkVersion v, Case c) {
    return "v" + v.major() + "-" + v.minor() + "-" + c.name().toLowerCase().replace('_', '-');
  }

  private static Map<FlinkVersion, Map<Case, Cluster>> synthesizeAll() {
    Map<String, RuntimeException> errors = new HashMap<>();
    Map<String, ChartManifest> byFile = new HashMap<>();
    for (FlinkVersion v : FlinkVersion.values()) {
      for (Case c : Case.values()) {
        if (!c.appliesTo(v)) {
          continue;
        }
        // One app each: every case names its cluster alike in one namespace, and one app (deployed together) may
        // not hold two FlinkJobs of one name in one namespace.
        App app = new App();
        String id = chartId(v, c);
        Chart chart = new Chart(app, id, ChartProps.builder().namespace(Pods.NAMESPACE).build());
        try {
          define(chart, id, v, c);
        } catch (RuntimeException e) {
          errors.put(id, e);
          continue;
        }
        for (ChartManifest m : AppSynthesizer.synthesize(app)) {
          byFile.put(m.file(), m);
        }
      }
    }
    Map<FlinkVersion, Map<Case, Cluster>> result = new EnumMap<>(FlinkVersion.class);
    for (FlinkVersion v : FlinkVersion.values()) {
      Map<Case, Cluster> perCase = new EnumMap<>(Case.class);
      for (Case c : Case.values()) {
        if (!c.appliesTo(v)) {
          continue;
        }
        String id = chartId(v, c);
        if (errors.containsKey(id)) {
          perCase.put(c, new Cluster(v, c, null, null, null, errors.get(id)));
          continue;
        }
        List<JsonNode> objects = documents(byFile.get(id + ".k8s.yaml").yaml());
        String name = c.clusterName();
        perCase.put(c, new Cluster(v, c,
            find(objects, "StatefulSet", ClusterNames.jobManager(name), StatefulSet.class),
            find(objects, "StatefulSet", ClusterNames.taskManager(name), StatefulSet.class),
            find(objects, "ConfigMap", ClusterNames.config(name), ConfigMap.class),
            null));
      }
      result.put(v, perCase);
    }
    return result;
  }

  private static void define(Chart chart, String id, FlinkVersion v, Case c) {
    // The image tag is never pulled here; it only has to be a valid reference.
    String image = "flink:" + v;
    HighAvailability ha = HighAvailability.builder().build();
    StateStorage storage = StateStorage.objectStore("s3://flink-state/" + id);
    if (c.application) {
      FlinkApplication.Builder b = FlinkApplication.Builder.create(chart, c.clusterName())
          .flinkVersion(v).image(image)
          .jarUri(c.jarUri).entryClass(ENTRY_CLASS).args(ARGS);
      if (c.ha) {
        b.jobManagerReplicas(2).highAvailability(ha).stateStorage(storage);
      }
      if (c == Case.SCALED) {
        b.scheduler(Scheduler.ADAPTIVE)
            .autoscaling(HpaAutoscaler.builder().minReplicas(1).maxReplicas(4).cpuUtilization(70).build())
            .localRecovery(LocalRecovery.builder().size("10Gi").build())
            .stateStorage(storage);
      }
      b.build();
    } else {
      FlinkSessionCluster.Builder.create(chart, c.clusterName())
          .flinkVersion(v).image(image)
          .jobManagerReplicas(2).highAvailability(ha).stateStorage(storage)
          .build();
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  private static List<JsonNode> documents(String yaml) {
    try {
      return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T find(List<JsonNode> objects, String kind, String name, Class<T> type) {
    for (JsonNode o : objects) {
      if (kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText())) {
        try {
          return ManifestJson.MAPPER.treeToValue(o, type);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("no " + kind + " " + name + " in the synthesized manifests");
  }
}
