package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ApplicationSpecs;
import io.flinkstack.constructs.manifests.ClusterSpec;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.ClusterNames;
import java.util.List;
import software.constructs.Construct;

/**
 * A Flink cluster in application mode running one job: configuration, a JobManager that runs the job's
 * main method ({@code standalone-job}), TaskManagers, their Services and ServiceAccount.
 *
 * <pre>{@code
 * FlinkApplication.Builder.create(chart, "wordcount")
 *     .flinkVersion(FlinkVersion.V2_1).image("flink:2.1")
 *     .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
 *     .parallelism(4).taskManagers(2).taskSlots(2)
 *     .build();
 * }</pre>
 *
 * All properties are validated when it is constructed: a {@link
 * io.flinkstack.constructs.validation.ValidationException} lists every problem, and nothing is added to
 * the construct tree.
 */
public class FlinkApplication extends ManifestObjects {
  private final ClusterSpec spec;
  private final List<HasMetadata> manifests;

  public FlinkApplication(Construct scope, String id, FlinkApplicationProps props) {
    this(scope, id, ApplicationSpecs.resolve(props, id, () -> ConstructPaths.of(scope, id)));
  }

  private FlinkApplication(Construct scope, String id, ClusterSpec spec) {
    this(scope, id, spec, List.copyOf(ApplicationManifests.build(spec)));
  }

  // The construct and its objects are created in one JSII call: round trips dominate synthesis time.
  private FlinkApplication(Construct scope, String id, ClusterSpec spec, List<HasMetadata> manifests) {
    super(scope, id, ManifestJson.write(manifests));
    this.spec = spec;
    this.manifests = manifests;
  }


  /** The base name of every object. */
  public String getName() {
    return spec.name();
  }

  /** The Service in front of the JobManager's REST API and web UI (port 8081). */
  public String getRestServiceName() {
    return ClusterNames.restService(spec.name());
  }

  /** The objects handed to cdk8s, in order (fabric8 model; changing them changes nothing). */
  public List<HasMetadata> getManifests() {
    return manifests;
  }

  /** JSII-style builder: {@code FlinkApplication.Builder.create(scope, id)...build()}. */
  public static final class Builder extends ApplicationBuilder<Builder> {
    private final Construct scope;
    private final String id;

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    public FlinkApplication build() {
      return new FlinkApplication(scope, id, new FlinkApplicationProps(this));
    }
  }
}
