package io.flinkstack.constructs;

import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.JobDeclaration;
import java.util.List;
import software.constructs.Construct;

/**
 * A jar job on a {@link FlinkSessionCluster}. In the standalone backend it is a declaration the runtime
 * controller submits, upgrades and suspends: a ConfigMap {@code <cluster>-job-<name>} labelled with the
 * cluster (one per job, so adding or deleting a job never rewrites another's declaration).
 */
public class SessionJob extends ManifestObjects {
  private final JobDeclaration declaration;

  public SessionJob(Construct scope, String id, SessionJobProps props) {
    this(scope, id, SessionJobDeclarations.declare(scope, id, props.getCluster(), props.getName(), props.getJarUri(),
        props.getEntryClass(), props.getArgs(), props.getParallelism(), props.getJob(), props.getFlinkAutoscaler(), null));
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
  public static final class Builder {
    private final Construct scope;
    private final String id;
    private final SessionJobProps.Builder props = SessionJobProps.builder();

    private Builder(Construct scope, String id) {
      this.scope = scope;
      this.id = id;
    }

    public static Builder create(Construct scope, String id) {
      return new Builder(scope, id);
    }

    /** @see SessionJobProps.Builder#cluster(FlinkSessionCluster) */
    public Builder cluster(FlinkSessionCluster cluster) {
      props.cluster(cluster);
      return this;
    }

    /** @see SessionJobProps.Builder#name(String) */
    public Builder name(String name) {
      props.name(name);
      return this;
    }

    /** @see SessionJobProps.Builder#jarUri(String) */
    public Builder jarUri(String jarUri) {
      props.jarUri(jarUri);
      return this;
    }

    /** @see SessionJobProps.Builder#entryClass(String) */
    public Builder entryClass(String entryClass) {
      props.entryClass(entryClass);
      return this;
    }

    /** @see SessionJobProps.Builder#args(List) */
    public Builder args(List<String> args) {
      props.args(args);
      return this;
    }

    /** @see SessionJobProps.Builder#parallelism(Integer) */
    public Builder parallelism(Integer parallelism) {
      props.parallelism(parallelism);
      return this;
    }

    /** @see SessionJobProps.Builder#job(JobSettings) */
    public Builder job(JobSettings job) {
      props.job(job);
      return this;
    }

    /** @see SessionJobProps.Builder#flinkAutoscaler(FlinkAutoscaler) */
    public Builder flinkAutoscaler(FlinkAutoscaler flinkAutoscaler) {
      props.flinkAutoscaler(flinkAutoscaler);
      return this;
    }

    public SessionJob build() {
      return new SessionJob(scope, id, props.build());
    }
  }
}
