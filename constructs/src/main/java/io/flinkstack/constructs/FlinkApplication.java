package io.flinkstack.constructs;

import io.flinkstack.constructs.manifests.ClusterValidator;
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
public class FlinkApplication extends FlinkCluster {
  public FlinkApplication(Construct scope, String id, FlinkApplicationProps props) {
    this(scope, id, props, AppPeers.admit(scope, props));
  }

  private FlinkApplication(Construct scope, String id, FlinkApplicationProps props, AppPeers.Admission admission) {
    super(scope, id, admission, admission.checkFlinkJobName(
        ClusterValidator.validate(props, id, () -> ConstructPaths.of(scope, id), admission.admitted()),
        () -> ConstructPaths.of(scope, id)));
  }

  /** JSII-style builder: {@code FlinkApplication.Builder.create(scope, id)...build()}. */
  public static final class Builder extends FlinkApplicationProps.ConstructBuilder<Builder, FlinkApplication> {
    private Builder(Construct scope, String id) {
      super(scope, id, FlinkApplication::new);
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }
  }
}
