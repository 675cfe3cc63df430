package io.flinkstack.controller.testing;

import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.testjob.SequenceJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's local cluster as a JUnit extension ({@code @RegisterExtension static final}): started (and
 * timed) before the class's {@code @BeforeAll} methods from {@link TestClusters#builder(Class)}, stopped after
 * its last test however that ended, with the test job's jar uploaded when asked.
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
  /** Where {@link #servingTestJobOverHttps()} serves the jar. */
  public static final String JAR_PATH = "/jars/sequence-job-1.0.jar";
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

  private final String step;
  private final UnaryOperator<LocalFlinkCluster.Builder> configure;
  private boolean uploadTestJob;
  private boolean cancelLeftoverJobs;
  private boolean serveOverHttps;
  private Duration requestTimeout;
  private LocalFlinkCluster cluster;
  private FlinkRestClient flink;
  private Path testJobJar;
  private String jarId;
  private TestHttpsServer server;
  private String jarUri;
  private String jarSha256;
  private JobSubmitter submitter;

  private TestCluster(String step, UnaryOperator<LocalFlinkCluster.Builder> configure) {
    this.step = step;
    this.configure = configure;
  }

  /** @param step the start's line in {@code target/flink-timings.txt} */
  public static TestCluster of(String step, UnaryOperator<LocalFlinkCluster.Builder> configure) {
    return new TestCluster(step, configure);
  }

  /** Builds the test job's jar into the work directory and uploads it ({@link #jarId()}). */
  public TestCluster withTestJob() {
    uploadTestJob = true;
    return this;
  }

  /**
   * Also serves the test job's jar over self-signed HTTPS ({@link #jarUri()}, as a declaration names it) to a
   * {@link #submitter()} that trusts the server; implies {@link #withTestJob()}.
   */
  public TestCluster servingTestJobOverHttps() {
    uploadTestJob = true;
    serveOverHttps = true;
    return this;
  }

  /** A failed test must not leave its job holding the slots the next test needs: after each, cancel what still runs. */
  public TestCluster cancellingLeftoverJobs() {
    cancelLeftoverJobs = true;
    return this;
  }

  /** {@link #flink()} with this request timeout instead of the cluster's own client's. */
  public TestCluster requestTimeout(Duration timeout) {
    requestTimeout = timeout;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = Timings.measure(step, () -> configure.apply(TestClusters.builder(context.getRequiredTestClass())).start());
    flink = requestTimeout == null ? cluster.client() : new FlinkRestClient(cluster.restUrl(), requestTimeout);
    if (uploadTestJob) {
      testJobJar = TestJobJar.build(cluster.workDirectory().resolve("job-jar"));
      jarId = flink.uploadJar(testJobJar);
    }
    if (serveOverHttps) {
      server = new TestHttpsServer(cluster.workDirectory().resolve("https"));
      jarUri = server.serveFile(JAR_PATH, testJobJar).toString();
      jarSha256 = sha256(testJobJar);
      submitter = new JobSubmitter(
          JarFetcher.builder(cluster.workDirectory().resolve("jar-cache")).sslContext(server.clientContext()).build());
    }
  }

  private static String sha256(Path file) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file)));
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash " + file, e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (cancelLeftoverJobs) {
      for (JobSummary job : flink.jobs()) {
        if (!job.state().isGloballyTerminal()) {
          flink.cancel(job.id());
          flink.awaitJob(job.id(), details -> details.state().isGloballyTerminal(), CANCEL_TIMEOUT);
        }
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  public LocalFlinkCluster cluster() {
    return cluster;
  }

  public FlinkRestClient flink() {
    return flink;
  }

  /** Every declared cluster's REST Service resolved to this local cluster. */
  public FlinkEndpoints endpoints() {
    return (namespace, restService) -> cluster.restUrl();
  }

  /** The uploaded test job's jar id; only {@link #withTestJob()}. */
  public String jarId() {
    return jarId;
  }

  /** The test job's jar as built; only {@link #withTestJob()}. */
  public Path testJobJar() {
    return testJobJar;
  }

  /** Only {@link #servingTestJobOverHttps()}. */
  public TestHttpsServer server() {
    return server;
  }

  /** The https URI of the served test job's jar; only {@link #servingTestJobOverHttps()}. */
  public String jarUri() {
    return jarUri;
  }

  /** The SHA-256 of the served test job's jar, as a declaration's {@code jarSha256}; only {@link #servingTestJobOverHttps()}. */
  public String jarSha256() {
    return jarSha256;
  }

  /** A job submitter that fetches jars over HTTPS from {@link #server()}; only {@link #servingTestJobOverHttps()}. */
  public JobSubmitter submitter() {
    return submitter;
  }

  /**
   * The declaration the constructs would write for {@code job} as a session job named {@code sequence}, its jar
   * the served one ({@link #servingTestJobOverHttps()}), its arguments the driver's.
   */
  public DeclarationFixture sessionJobDeclaration(String namespace, String sessionCluster, SequenceJobDriver job) {
    return DeclarationFixture.sessionJob(namespace, sessionCluster, "sequence")
        .set("kind", "jar")
        .set("jarUri", jarUri)
        // As a careful user declares it: the controller checks the download (and records no JarDigestMissing).
        .set("jarSha256", jarSha256)
        .set("entryClass", SequenceJob.class.getName())
        .set("args", job.args());
  }

  /** The test job (200 records/s) with its own output and savepoints in {@code runs/<run>} of the work directory. */
  public SequenceJobDriver newJob(String run) {
    Path work = cluster.workDirectory().resolve("runs").resolve(run);
    return new SequenceJobDriver(flink, jarId, work.resolve("output"), work.resolve("savepoints"), 200);
  }

  /** {@link #newJob(String)} named after the test method. */
  public SequenceJobDriver newJob(TestInfo test) {
    return newJob(test.getTestMethod().orElseThrow().getName());
  }
}
