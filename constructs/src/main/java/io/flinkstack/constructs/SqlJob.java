package io.flinkstack.constructs;

import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.JobDeclaration;
import software.constructs.Construct;

/**
 * A SQL job on a {@link FlinkSessionCluster}: its statements are stored in the job's {@code FlinkJob}
 * ({@code spec.sqlStatements}) and run by flinkstack's SQL runner (module {@code sql-runner}), which executes
 * them one after another and submits all INSERTs as one job. In the standalone backend the runtime
 * controller uploads the runner jar it ships, unless {@code runnerJarUri} names another.
 */
public class SqlJob extends ManifestObjects {
  private final JobDeclaration declaration;

  public SqlJob(Construct scope, String id, SqlJobProps props) {
    this(scope, id, SessionJobDeclarations.declare(scope, id, props.getCluster(), props.getName(),
        props.getRunnerJarUri(), props.getRunnerJarSha256(),
        SessionJobDeclarations.jarCredentials(props.getRunnerJarCredentialsSecretName(), props.getRunnerJarCredentialsKey()),
        null, java.util.List.of(), props.getParallelism(), props.getJob(), props.getControllerAutoscaler(),
        props.getStatements() == null ? "" : props.getStatements()));
  }

  private SqlJob(Construct scope, String id, SessionJobDeclarations.Declared declared) {
    super(scope, id, ManifestJson.write(declared.objects()));
    this.declaration = declared.declaration();
  }

  public JobDeclaration getDeclaration() {
    return declaration;
  }

  /** JSII-style builder: {@code SqlJob.Builder.create(scope, id).cluster(session).statements(sql)...build()}. */
  public static final class Builder extends SqlJobProps.ConstructBuilder<Builder, SqlJob> {
    private Builder(Construct scope, String id) {
      super(scope, id, SqlJob::new);
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }
  }
}
