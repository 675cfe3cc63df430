package io.flinkstack.e2e.versions;

import io.flinkstack.contract.FlinkVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * The jars a Flink image of one minor version would carry in {@code lib/} — what the pods of a manifest that
 * declares that version must run on — resolved from Maven Central by Maven's own resolver (no flink-dist or image
 * is served here). Per minor version: the newest runtime patch served, and the newest {@code flink-container}
 * (the application-mode entrypoint) of the same minor; patches may differ (1.20.0 with 1.20.5), and 1.19 has no
 * {@code flink-container} at all, so its application mode cannot run on its own classes.
 */
public final class FlinkDistribution {
  /**
   * Maven coordinates of one minor version; {@code container} is empty where none is served; {@code files}: the newest
   * {@code flink-connector-files} of the minor served (the runtime's patch but for 2.0, where 2.0.2's is not).
   */
  public record Release(FlinkVersion version, String runtime, Optional<String> container, String files) {
    Release(FlinkVersion version, String runtime, Optional<String> container) {
      this(version, runtime, container, runtime);
    }

    /** Whether this version's application entrypoint can run here. */
    public boolean runsApplications() {
      return container.isPresent();
    }
  }

  /** The mapping the docs print (docs/flink-versions.md); checked by FlinkDistributionTest against the resolver. */
  public static final Map<FlinkVersion, Release> RELEASES = Map.of(
      FlinkVersion.V1_16, new Release(FlinkVersion.V1_16, "1.16.3", Optional.of("1.16.0")),
      FlinkVersion.V1_17, new Release(FlinkVersion.V1_17, "1.17.2", Optional.of("1.17.0")),
      FlinkVersion.V1_18, new Release(FlinkVersion.V1_18, "1.18.1", Optional.of("1.18.0")),
      FlinkVersion.V1_19, new Release(FlinkVersion.V1_19, "1.19.3", Optional.empty()),
      FlinkVersion.V1_20, new Release(FlinkVersion.V1_20, "1.20.5", Optional.of("1.20.0")),
      FlinkVersion.V2_0, new Release(FlinkVersion.V2_0, "2.0.2", Optional.of("2.0.0"), "2.0.0"),
      FlinkVersion.V2_1, new Release(FlinkVersion.V2_1, "2.1.3", Optional.of("2.1.0")),
      FlinkVersion.V2_2, new Release(FlinkVersion.V2_2, "2.2.1", Optional.of("2.2.1")),
      FlinkVersion.V2_3, new Release(FlinkVersion.V2_3, "2.3.0", Optional.of("2.3.0")));

  private static final String LOG4J = "2.24.3";
  private static final List<Exclusion> EXCLUDED = List.of(
      // The profiling REST endpoint's native library; off in these clusters.
      new Exclusion("tools.profiler", "async-profiler", "*", "*"),
      new Exclusion("com.google.code.findbugs", "jsr305", "*", "*"));

  private FlinkDistribution() {}

  public static Release release(FlinkVersion version) {
    return RELEASES.get(version);
  }

  /**
   * The classpath of {@code version}'s {@code lib/}: flink-clients, streaming, runtime-web, connector-files and (where served)
   * flink-container of that version, log4j with the SLF4J binding that matches the slf4j-api Flink brings.
   */
  public static List<Path> jars(FlinkVersion version) {
    // Resolved once per version and JVM: the bench runs three scenarios per version, and resolution walks the
    // whole dependency graph (twice, for the log binding) even when every jar is already in the local repository.
    return RESOLVED.computeIfAbsent(version, FlinkDistribution::resolveJars);
  }

  private static final Map<FlinkVersion, List<Path>> RESOLVED = new java.util.concurrent.ConcurrentHashMap<>();

  private static List<Path> resolveJars(FlinkVersion version) {
    Release release = release(version);
    RepositorySystem system = new RepositorySystemSupplier().get();
    Path localRepository = Path.of(System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
        .withLocalRepositoryBaseDirectories(localRepository).build()) {
      RemoteRepository central = new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/")
          .build();
      // flink-connector-files: the FileSink of the exactly-once job (RangeSequenceJob); a Flink image carries the
      // filesystem connector in lib/ (Flink's documentation of the filesystem connector), so the job jar does not.
      List<String> flink = List.of("org.apache.flink:flink-clients:" + release.runtime(),
          "org.apache.flink:flink-streaming-java:" + release.runtime(),
          "org.apache.flink:flink-runtime-web:" + release.runtime(),
          "org.apache.flink:flink-connector-files:" + release.files());
      // The log binding must match the slf4j-api Flink brings (1.7's StaticLoggerBinder or 2.x's provider);
      // then one request for all, so that Maven's mediation keeps one version of each artifact.
      boolean slf4j2 = resolve(system, session, central, flink).stream()
          .anyMatch(jar -> jar.getFileName().toString().matches("slf4j-api-2\\..*\\.jar"));
      List<String> all = new ArrayList<>(flink);
      all.add("org.apache.logging.log4j:" + (slf4j2 ? "log4j-slf4j2-impl:" : "log4j-slf4j-impl:") + LOG4J);
      all.add("org.apache.logging.log4j:log4j-core:" + LOG4J);
      List<Path> jars = new ArrayList<>(resolve(system, session, central, all));
      if (release.container().isPresent()) {
        // Its own classes only: its dependencies are the runtime above, at the runtime's patch.
        jars.addAll(resolveAlone(system, session, central, "org.apache.flink:flink-container:" + release.container().get()));
      }
      return List.copyOf(jars);
    } catch (Exception e) {
      throw new IllegalStateException("cannot resolve the jars of Flink " + version + " (" + release + "): " + e.getMessage(), e);
    }
  }

  private static List<Path> resolve(RepositorySystem system, RepositorySystemSession session, RemoteRepository central,
      List<String> coordinates) throws Exception {
    CollectRequest collect = new CollectRequest();
    coordinates.forEach(c -> collect.addDependency(new Dependency(new DefaultArtifact(c), JavaScopes.RUNTIME, false, EXCLUDED)));
    collect.addRepository(central);
    DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    return system.resolveDependencies(session, request).getArtifactResults().stream()
        .map(ArtifactResult::getArtifact).map(a -> a.getPath()).toList();
  }

  private static List<Path> resolveAlone(RepositorySystem system, RepositorySystemSession session, RemoteRepository central,
      String coordinates) throws Exception {
    org.eclipse.aether.resolution.ArtifactRequest request =
        new org.eclipse.aether.resolution.ArtifactRequest(new DefaultArtifact(coordinates), List.of(central), null);
    return List.of(system.resolveArtifact(session, request).getArtifact().getPath());
  }
}
