package io.flinkstack.controller.submission;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.UpgradeMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.flink.JarRunRequest;
import io.flinkstack.controller.flink.RestoreMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link JobSubmitter} asks Flink to run, per kind of declaration (no cluster). */
class JobSubmitterRunRequestTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";

  private static JobDeclaration declaration(JobKind kind, String jarUri, String entryClass, List<String> args, Integer parallelism) {
    return new JobDeclaration("job", kind, jarUri, entryClass, args, parallelism, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void jarJobPassesEntryClassArgumentsParallelismAndTheId() {
    JarRunRequest run = JobSubmitter.runRequest(new SubmissionRequest(
        declaration(JobKind.JAR, "https://example.org/a.jar", "org.example.Main", List.of("--x", "1"), 3), Optional.empty(), Optional.empty(), ID));

    assertThat(run).isEqualTo(JarRunRequest.defaults().withJobId(ID).withEntryClass("org.example.Main").withProgramArgs(List.of("--x", "1")).withParallelism(3));
    assertThat(run.savepointPath()).isEmpty();
  }

  @Test
  void jarJobWithoutEntryClassOrArgumentsLeavesThemToTheJarAndFlink() {
    JarRunRequest run = JobSubmitter.runRequest(new SubmissionRequest(
        declaration(JobKind.JAR, "https://example.org/a.jar", null, null, null), Optional.empty(), Optional.empty(), ID));

    assertThat(run).isEqualTo(JarRunRequest.defaults().withJobId(ID));
  }

  @Test
  void sqlJobRunsTheRunnerWithTheScriptAsOneArgument() {
    String script = "CREATE TABLE a (x INT) WITH ('connector' = 'datagen');\nINSERT INTO b SELECT x FROM a;";
    JarRunRequest run = JobSubmitter.runRequest(new SubmissionRequest(
        declaration(JobKind.SQL, SessionJobs.BUNDLED_SQL_RUNNER, null, List.of("ignored"), 2), Optional.of(script), Optional.empty(), ID));

    assertThat(run.entryClass()).hasValue(SessionJobs.SQL_RUNNER_CLASS);
    assertThat(run.programArgs()).containsExactly("--sql", script);
    assertThat(run.parallelism()).hasValue(2);
    assertThat(run.jobId()).hasValue(ID);
  }

  @Test
  void sqlJobWithoutStatementsIsRefused() {
    assertThatThrownBy(() -> JobSubmitter.runRequest(new SubmissionRequest(
            declaration(JobKind.SQL, SessionJobs.BUNDLED_SQL_RUNNER, null, null, 1), Optional.of("  "), Optional.empty(), ID)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no statements");
  }

  @Test
  void restoreIsNoClaimWithTheDeclaredAllowNonRestoredState() {
    JarRunRequest run = JobSubmitter.runRequest(new SubmissionRequest(
        declaration(JobKind.JAR, "https://example.org/a.jar", null, null, null),
        Optional.empty(),
        Optional.of(new SubmissionRequest.Restore("file:/sp/savepoint-1", true)),
        ID));

    assertThat(run.savepointPath()).hasValue("file:/sp/savepoint-1");
    assertThat(run.restoreMode()).hasValue(RestoreMode.NO_CLAIM);
    assertThat(run.allowNonRestoredState()).isTrue();
  }

  @Test
  void jobIdMustBeInFlinksForm() {
    for (String bad : new String[] {"", "123", ID.toUpperCase(), ID + "0", "my-job"}) {
      assertThatThrownBy(() -> JobSubmitter.runRequest(new SubmissionRequest(
              declaration(JobKind.JAR, "https://example.org/a.jar", null, null, null), Optional.empty(), Optional.empty(), bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32 lower-case hex digits");
    }
    assertThat(JobSubmitter.newJobId()).matches("[0-9a-f]{32}").isNotEqualTo(JobSubmitter.newJobId());
  }
}
