package io.flinkstack.constructs;

import io.flinkstack.contract.DesiredState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.manifests.OperatorManifests;
import io.flinkstack.constructs.manifests.FlinkJobs;
import io.flinkstack.constructs.manifests.SessionJobValidator;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.JarCredentials;
import io.flinkstack.contract.JobDeclaration;
import java.util.List;
import org.cdk8s.Chart;
import software.constructs.Construct;

/**
 * What {@link SessionJob} and {@link SqlJob} share: validation, slot accounting, the FlinkJob name's uniqueness in its
 * namespace, the declaring objects.
 */
final class SessionJobDeclarations {
  record Declared(JobDeclaration declaration, List<HasMetadata> objects) {}

  private SessionJobDeclarations() {}

  /** The two props as the contract's reference; null when neither is set (a half-set pair is the validator's to report). */
  static JarCredentials jarCredentials(String secretName, String key) {
    return secretName == null && key == null ? null : new JarCredentials(secretName, key);
  }

  static Declared declare(Construct scope, String id, FlinkSessionCluster cluster, String name, String jarUri,
      String jarSha256, JarCredentials jarCredentials, String entryClass, List<String> args, Integer parallelism, JobSettings job,
      ControllerAutoscaler autoscaler, String sql) {
    Problems problems = new Problems(() -> ConstructPaths.of(scope, id));
    if (cluster == null) {
      problems.add("cluster", "is required: pass the FlinkSessionCluster the job runs on, e.g. .cluster(session)");
      problems.throwIfAny();
    }
    String jobName = name != null ? name : id;
    JobDeclaration declaration = SessionJobValidator.validate(cluster.spec(), cluster.getSlots(), jobName, jarUri, jarSha256,
        jarCredentials, entryClass, args, parallelism, job, autoscaler, sql, problems);
    boolean operator = cluster.spec().props().getBackend() == Backend.OPERATOR;
    AppPeers peers = null;
    String namespace = null;
    AppPeers.FlinkJobOwner owner = null;
    if (!operator) {
      // The FlinkJob is named after the job: no other FlinkJob of its namespace may have that name.
      peers = AppPeers.of(scope);
      namespace = Chart.of(scope).getNamespace();
      owner = new AppPeers.FlinkJobOwner("session job '" + jobName + "' of session cluster '" + cluster.getName() + "'",
          cluster.getName(), () -> ConstructPaths.of(scope, id));
      AppPeers.FlinkJobOwner other = peers.claimFlinkJob(namespace, jobName, owner);
      // A job of the same name on the same cluster is the cluster's to report (job names are unique per cluster).
      if (other != null && !cluster.getName().equals(other.sessionCluster())) {
        problems.add("name", String.format("'%s' is already the name of the FlinkJob of %s in %s; a session job's"
            + " FlinkJob is named after the job, and FlinkJob names are unique per namespace: give this job another"
            + " name with name(\"...\"), or put session cluster '%s' in another namespace", jobName, other.describe(),
            AppPeers.namespaceText(namespace), cluster.getName()));
      }
    }
    if (!problems.isEmpty()) {
      release(peers, namespace, jobName, owner);
      problems.throwIfAny();
    }
    cluster.attach(new FlinkSessionCluster.AttachedJob(jobName, declaration.parallelism(),
        job.getState() == DesiredState.RUNNING), problems);
    if (!problems.isEmpty()) {
      release(peers, namespace, jobName, owner);
      problems.throwIfAny();
    }
    List<HasMetadata> objects = operator
        ? OperatorManifests.sessionJob(cluster.spec(), declaration, job, sql)
        : List.of(FlinkJobs.sessionJob(cluster.spec(), declaration, autoscaler, sql));
    return new Declared(declaration, objects);
  }

  /** A refused job keeps no FlinkJob name. */
  private static void release(AppPeers peers, String namespace, String jobName, AppPeers.FlinkJobOwner owner) {
    if (peers != null) {
      peers.releaseFlinkJob(namespace, jobName, owner);
    }
  }
}
