package io.flinkstack.constructs;

import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.JobDeclaration;
import software.constructs.Construct;

/**
 * A jar job on a {@link FlinkSessionCluster}. In the standalone backend it is a declaration the runtime
 * controller submits, upgrades and suspends: a {@code FlinkJob} named like the job, {@code spec.cluster} the
 * session cluster (one per job, so adding or deleting a job never rewrites another's declaration). Its name must be
 * unique among the FlinkJobs of its namespace: no other session job of that name, and no application cluster.
 */
public class SessionJob extends ManifestObjects {
  private final JobDeclaration declaration;

  public SessionJob(Construct scope, String id, SessionJobProps props) {
    this(scope, id, SessionJobDeclarations.declare(scope, id, props.getCluster(), props.getName(), props.getJarUri(),
        props.getJarSha256(), SessionJobDeclarations.jarCredentials(props.getJarCredentialsSecretName(), props.getJarCredentialsKey()),
        props.getEntryClass(), props.getArgs(), props.getParallelism(), props.getJob(), props.getControllerAutoscaler(), null));
  }

  private SessionJob(Construct scope, String id, SessionJobDeclarations.Declared declared) {
    super(scope, id, ManifestJson.write(declared.objects()));
    this.declaration = declared.declaration();
  }

  /** What the runtime controller reads. */
  public JobDeclaration getDeclaration() {
    return declaration;
  }

  /** JSII-style builder: {@code SessionJob.Builder.create(scope, id).cluster(session)...build()}. */
  public static final class Builder extends SessionJobProps.ConstructBuilder<Builder, SessionJob> {
    private Builder(Construct scope, String id) {
      super(scope, id, SessionJob::new);
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }
  }
}
