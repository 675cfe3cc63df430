package io.flinkstack.contract.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JarCredentials;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.UpgradeMode;
import java.util.List;

/**
 * What a {@link FlinkJob} is. The rules the API server checks on apply are here as schema annotations and CEL rules
 * ({@code @ValidationRule}); what only the controller can judge (a jar it cannot fetch, a savepoint path Flink
 * refuses) is reported in a status condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.parallelismMin) || !has(self.parallelismMax)"
    + " || self.parallelismMin <= self.parallelismMax",
    message = "parallelismMin must not be more than parallelismMax", fieldPath = ".parallelismMin")
@ValidationRule(value = "self.kind != 'jar' || has(self.jarUri)",
    message = "a jar job needs jarUri, the https:// (or s3://, gs://, ...) address of its jar", fieldPath = ".jarUri")
@ValidationRule(value = "self.kind == 'sql' || !has(self.sqlStatements)",
    message = "sqlStatements are for kind sql only; remove them or set kind: sql", fieldPath = ".sqlStatements")
@ValidationRule(value = "self.kind != 'sql' || has(self.sqlStatements)",
    message = "a sql job needs sqlStatements", fieldPath = ".sqlStatements")
@ValidationRule(value = "!has(self.parallelism) || !has(self.parallelismMax) || self.parallelism <= self.parallelismMax",
    message = "parallelism must be within parallelismMin..parallelismMax", fieldPath = ".parallelism")
@ValidationRule(value = "!has(self.parallelism) || !has(self.parallelismMin) || self.parallelism >= self.parallelismMin",
    message = "parallelism must be within parallelismMin..parallelismMax", fieldPath = ".parallelism")
public class FlinkJobSpec {
  @Required
  @Pattern(Wire.DNS_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "cluster cannot change; create a new FlinkJob for another cluster")
  @JsonPropertyDescription("The Flink cluster that runs the job: an application cluster's name, or a session"
      + " cluster's.")
  public String cluster;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "kind cannot change; create a new FlinkJob")
  @JsonPropertyDescription("application: the application cluster's own job; jar or sql: a session job.")
  public JobKind kind;

  @JsonPropertyDescription("Where a jar job's jar is (https://, s3://, gs://, ...).")
  public String jarUri;

  @Pattern("^[a-f0-9]{64}$")
  @JsonPropertyDescription("The SHA-256 digest of the jar at jarUri, 64 lower-case hex digits: the controller refuses"
      + " a downloaded jar with another digest. Without it the jar is not checked and the controller records a"
      + " JarDigestMissing warning.")
  public String jarSha256;

  @JsonPropertyDescription("Credentials for downloading the jar at jarUri: a key of a Secret in the FlinkJob's"
      + " namespace whose value the controller sends as the Authorization header, to jarUri's host only (not to"
      + " another host a redirect leads to; not over plain http unless the controller allows http, for tests). Never"
      + " logged, never in an Event or the status.")
  public JarCredentials jarCredentials;

  @JsonPropertyDescription("The job's main class; the jar's Main-Class when absent.")
  public String entryClass;

  @JsonPropertyDescription("Program arguments.")
  public List<String> args;

  @JsonPropertyDescription("A sql job's statements, run by the bundled SQL runner.")
  public String sqlStatements;

  @Min(1)
  @JsonPropertyDescription("The job's parallelism.")
  public Integer parallelism;

  @JsonPropertyDescription("How the job's state survives an upgrade: stateless, savepoint (default) or last-state.")
  public UpgradeMode upgradeMode;

  @JsonPropertyDescription("running (default) or suspended (stopped with a savepoint; running again restores it).")
  public DesiredState state;

  @JsonPropertyDescription("Change it to ask for a savepoint.")
  public Long savepointTriggerNonce;

  @JsonPropertyDescription("Change it to restart the job from its latest state without changing its declaration: stopped"
      + " with a savepoint (savepoint mode) or cancelled and restored from its latest checkpoint (last-state mode, or a job"
      + " that is restarting or failed), started again without state when stateless.")
  public Long restartNonce;

  @JsonPropertyDescription("Change it to replace the job with one started from initialSavepointPath (without state when"
      + " unset), discarding its current state: it is cancelled, no savepoint is taken.")
  public Long redeployNonce;

  @JsonPropertyDescription("The savepoint to start from the first time, and on every redeployNonce change.")
  public String initialSavepointPath;

  @JsonPropertyDescription("Start even when the savepoint holds state of operators the job no longer has.")
  public Boolean allowNonRestoredState;

  @Pattern(Wire.FLINK_DURATION)
  @JsonPropertyDescription("Periodic savepoints, a Flink duration (30 s, 10 min, 1 h, 7 d).")
  public String savepointInterval;

  @Min(1)
  @JsonPropertyDescription("Savepoints to keep (default 10); the newest is never disposed.")
  public Integer savepointHistoryMaxCount;

  @Pattern(Wire.FLINK_DURATION)
  @JsonPropertyDescription("Dispose savepoints older than this, a Flink duration.")
  public String savepointHistoryMaxAge;

  @Min(1)
  @JsonPropertyDescription("The lowest parallelism the controller may rescale the job to.")
  public Integer parallelismMin;

  @Min(1)
  @JsonPropertyDescription("The highest parallelism the controller may rescale the job to.")
  public Integer parallelismMax;

  @JsonPropertyDescription("Take a savepoint before a scale-down the controller chose.")
  public Boolean savepointBeforeScaleDown;

  @Pattern(Wire.FLINK_DURATION)
  @JsonPropertyDescription("How long an upgrade's new job may take to run with all its tasks (default 5 min), a"
      + " Flink duration, counted from its pods' replacement (a session job: from the old job's stop); then it is rolled"
      + " back unless rollback is false. A rollback, resume, restart or redeploy whose job does not run within it is"
      + " reported stalled.")
  public String readinessTimeout;

  @JsonPropertyDescription("Roll an upgrade whose job does not run within readinessTimeout back to the last revision"
      + " whose job ran (a session job: the job submitted before), from the upgrade's savepoint (default true); false"
      + " leaves the upgrade waiting for its job, reported as an Event.")
  public Boolean rollback;

  @JsonPropertyDescription("flinkstack's autoscaler for this job.")
  public AutoscalerDeclaration autoscaler;
}
