package io.flinkstack.controller.observation;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.JobKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.controller.declaration.SavepointPolicy;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.kubernetes.ObjectRef;
import com.sun.net.httpserver.HttpServer;
import io.flinkstack.controller.flink.FlinkRestClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which of the jobs a JobManager lists is the one a declaration is about. */
class JobObserverTest {
  private static final JobSummary OLD_FINISHED = new JobSummary("old", "seq", JobState.FINISHED, 1_000, 2_000);
  private static final JobSummary NEW_RUNNING = new JobSummary("new", "seq", JobState.RUNNING, 3_000, -1);

  @Test
  void aKnownJobThatEndedGivesWayToTheJobTheNewJobManagerRuns() {
    // Under HA the JobManager after an upgrade lists the job its predecessor stopped (FINISHED, cleaned up by
    // the new one) beside the job it runs under a new id: the status must move on to the running one.
    assertThat(JobObserver.locate(List.of(OLD_FINISHED, NEW_RUNNING), application(), "old")).hasValue(NEW_RUNNING);
  }

  @Test
  void aKnownJobIsFollowedWhileItRunsOrWhenNothingElseRuns() {
    JobSummary oldRunning = new JobSummary("old", "seq", JobState.RUNNING, 1_000, -1);
    assertThat(JobObserver.locate(List.of(oldRunning, NEW_RUNNING), application(), "old")).hasValue(oldRunning);
    // A finished bounded job stays the one followed: it is not replaced by another ended one.
    JobSummary otherFinished = new JobSummary("other", "seq", JobState.CANCELED, 5_000, 6_000);
    assertThat(JobObserver.locate(List.of(OLD_FINISHED, otherFinished), application(), "old")).hasValue(OLD_FINISHED);
    assertThat(JobObserver.locate(List.of(OLD_FINISHED), application(), "old")).hasValue(OLD_FINISHED);
  }

  @Test
  void withoutAKnownJobARunningOneComesFirstThenTheNewest() {
    assertThat(JobObserver.locate(List.of(OLD_FINISHED, NEW_RUNNING), application(), null)).hasValue(NEW_RUNNING);
    assertThat(JobObserver.locate(List.of(), application(), null)).isEmpty();
  }

  // What Flink 1.20.3 answered (recorded from JobManagerKilledAfterStopTest's JobManager, shortened) once a JobManager
  // took over, under ZooKeeper HA with job-result-store.delete-on-commit: false, after the job had FINISHED under its
  // predecessor: the job only from its job result store, and GET /jobs/:id failing on the sparse graph.
  private static final String ID = "673884f045dcdbe8148a9e4d435d6c23";
  private static final String SPARSE_OVERVIEW = "{\"jobs\":[{\"jid\":\"" + ID + "\",\"name\":\"unknown\",\"start-time\":1796448158448,"
      + "\"end-time\":0,\"duration\":-1796448158448,\"state\":\"FINISHED\",\"last-modification\":0,\"tasks\":{\"running\":0,"
      + "\"canceling\":0,\"canceled\":0,\"total\":0,\"created\":0,\"scheduled\":0,\"deploying\":0,\"reconciling\":0,"
      + "\"finished\":0,\"initializing\":0,\"failed\":0}}]}";
  private static final String DETAILS_NPE = "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\n"
      + "java.lang.NullPointerException\\n\\tat org.apache.flink.util.Preconditions.checkNotNull(Preconditions.java:59)\\n"
      + "\\tat org.apache.flink.runtime.rest.messages.job.JobDetailsInfo.<init>(JobDetailsInfo.java:148)\\n\\nEnd of exception on server side>\"]}";

  @Test
  void aJobKnownOnlyFromTheJobResultStoreIsObservedAsEndedNotAsAnUnreachableJobManager() throws Exception {
    JobObservation seen = observe(SPARSE_OVERVIEW, 500, DETAILS_NPE);
    assertThat(seen.jobManagerReachable()).as(seen.toString()).isTrue();
    assertThat(seen.job()).hasValueSatisfying(job -> {
      assertThat(job.id()).isEqualTo(ID);
      assertThat(job.state()).isEqualTo(JobState.FINISHED);
      assertThat(job.fullyRunning()).isFalse();
      assertThat(job.knownByResultOnly()).isTrue();
    });
  }

  @Test
  void anEndedJobWithoutVerticesIsKnownOnlyFromTheJobResultStore() throws Exception {
    // Flink 2.x answers GET /jobs/:id for such a job with the sparse graph: its state, no vertices.
    String sparse = "{\"jid\":\"" + ID + "\",\"name\":\"unknown\",\"state\":\"FINISHED\",\"start-time\":1796448158448,"
        + "\"end-time\":0,\"vertices\":[]}";
    JobObservation seen = observe(SPARSE_OVERVIEW, 200, sparse);
    assertThat(seen.job()).hasValueSatisfying(job -> assertThat(job.knownByResultOnly()).isTrue());
    // One that ran here has its vertices, ended or not.
    String ran = sparse.replace("\"vertices\":[]", "\"vertices\":[{\"id\":\"v1\",\"name\":\"source\",\"parallelism\":2,"
        + "\"maxParallelism\":128,\"status\":\"FINISHED\",\"tasks\":{\"FINISHED\":2}}]");
    assertThat(observe(SPARSE_OVERVIEW, 200, ran).job()).hasValueSatisfying(job -> assertThat(job.knownByResultOnly()).isFalse());
  }

  @Test
  void anErrorAboutAJobThatHasNotEndedStillMeansUnreachable() throws Exception {
    String running = SPARSE_OVERVIEW.replace("\"FINISHED\"", "\"RUNNING\"");
    assertThat(observe(running, 500, DETAILS_NPE).jobManagerReachable()).isFalse();
    // Nor is any other error than a server error an answer about an ended job.
    assertThat(observe(SPARSE_OVERVIEW, 404, "{\"errors\":[\"Job not found\"]}").jobManagerReachable()).isFalse();
  }

  private static JobObservation observe(String overview, int detailsStatus, String details) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      boolean list = exchange.getRequestURI().getPath().equals("/jobs/overview");
      byte[] body = (list ? overview : details).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(list ? 200 : detailsStatus, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      FlinkRestClient flink = new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
      return new JobObserver(Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC)).observe(flink, application(), ID);
    } finally {
      server.stop(0);
    }
  }

  private static Declaration application() {
    DeclarationIdentity identity = new DeclarationIdentity(
        new ObjectRef("v1", "ConfigMap", "flink", "seq-runtime", "uid-1"), DeclarationKind.APPLICATION, "seq", "seq");
    JobDeclaration job = new JobDeclaration("seq", JobKind.APPLICATION, null, null, null, 2, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, null, null, null,
        null, null, null, null, null, null, null);
    return new Declaration(identity, job, new SavepointPolicy(Optional.empty(), 3, Optional.<Duration>empty()));
  }
}
