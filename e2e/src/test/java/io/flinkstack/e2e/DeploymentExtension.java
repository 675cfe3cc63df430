package io.flinkstack.e2e;

import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.reconcile.ControllerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's {@link LocalDeployment} of the sequence application ({@code @RegisterExtension static final}): started
 * before its first test in a fresh {@code target/e2e/<class>}, the controller reconciling every 500 ms with
 * {@link #SETTINGS}; closed after its last test however that ended.
 */
final class DeploymentExtension implements BeforeAllCallback, AfterAllCallback {
  /** In-flight operations looked at again every 200 ms, Flink's requests time out after 10 s, backoff 2 s to 4 s. */
  static final ControllerSettings SETTINGS = ControllerSettings.defaults()
      .withLookAgainInFlight(Duration.ofMillis(200))
      .withFlinkRequestTimeout(Duration.ofSeconds(10))
      .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(4));

  private final String name;
  private final String namespace;
  private Path work;
  private SequenceApplication application;
  private LocalDeployment deployment;
  private FlinkRestClient flink;

  private DeploymentExtension(String name, String namespace) {
    this.name = name;
    this.namespace = namespace;
  }

  static DeploymentExtension of(String name, String namespace) {
    return new DeploymentExtension(name, namespace);
  }

  Path work() {
    return work;
  }

  /** The application as first applied. */
  SequenceApplication application() {
    return application;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    work = Path.of("target", "e2e", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
    Directories.fresh(work);
    application = SequenceApplication.of(name, namespace, Files.createDirectories(work.resolve("output")));
    deployment = LocalDeployment.start(application, work, SETTINGS, Duration.ofMillis(500));
    flink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(10));
  }

  LocalDeployment deployment() {
    return deployment;
  }

  /** A client of the JobManager's REST endpoint, 10 s per request. */
  FlinkRestClient flink() {
    return flink;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (deployment != null) {
      deployment.close();
    }
  }
}
