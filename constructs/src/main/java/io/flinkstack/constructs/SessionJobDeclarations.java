package io.flinkstack.constructs;

import io.flinkstack.contract.DesiredState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.manifests.OperatorManifests;
import io.flinkstack.constructs.manifests.Declarations;
import io.flinkstack.constructs.manifests.SessionJobValidator;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.JobDeclaration;
import java.util.List;
import software.constructs.Construct;

/** What {@link SessionJob} and {@link SqlJob} share: validation, slot accounting, the declaring objects. */
final class SessionJobDeclarations {
  record Declared(JobDeclaration declaration, List<HasMetadata> objects) {}

  private SessionJobDeclarations() {}

  static Declared declare(Construct scope, String id, FlinkSessionCluster cluster, String name, String jarUri,
      String jarSha256, String entryClass, List<String> args, Integer parallelism, JobSettings job, ControllerAutoscaler autoscaler, String sql) {
    Problems problems = new Problems(() -> ConstructPaths.of(scope, id));
    if (cluster == null) {
      problems.add("cluster", "is required: pass the FlinkSessionCluster the job runs on, e.g. .cluster(session)");
      problems.throwIfAny();
    }
    String jobName = name != null ? name : id;
    JobDeclaration declaration = SessionJobValidator.validate(cluster.spec(), cluster.getSlots(), jobName, jarUri, jarSha256,
        entryClass, args, parallelism, job, autoscaler, sql, problems);
    problems.throwIfAny();
    cluster.attach(new FlinkSessionCluster.AttachedJob(jobName, declaration.parallelism(),
        job.getState() == DesiredState.RUNNING), problems);
    problems.throwIfAny();
    List<HasMetadata> objects = cluster.spec().props().getBackend() == Backend.OPERATOR
        ? OperatorManifests.sessionJob(cluster.spec(), declaration, job, sql)
        : List.of(Declarations.configMap(cluster.spec(), declaration, autoscaler, sql));
    return new Declared(declaration, objects);
  }
}
