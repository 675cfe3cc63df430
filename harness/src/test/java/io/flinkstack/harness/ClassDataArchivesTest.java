package io.flinkstack.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives against the JDK itself: real JVMs dump them and the next JVM's class loading log says where its
 * classes came from ({@code source: shared objects file (top)} is the dynamic archive).
 */
class ClassDataArchivesTest {
  private static final String MAIN = SleepForever.class.getName();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final List<String> SHAPING = List.of("-XX:TieredStopAtLevel=1");

  @TempDir Path work;
  private ClassDataArchives archives;
  private FlinkProcessLauncher launcher;
  private Path launcherJar;
  private Path appJar;

  @BeforeEach
  void setUp() throws IOException {
    archives = ClassDataArchives.in(work.resolve("archives"));
    launcher = new FlinkProcessLauncher(List.of(), Files.createDirectories(work.resolve("launcher")), List.of(), archives);
    launcherJar = Files.list(work.resolve("archives")).filter(f -> f.getFileName().toString().startsWith("exit-with-parent-")).findFirst().orElseThrow();
    appJar = jarOf(SleepForever.class, work.resolve("app.jar"));
  }

  @Test
  void theSecondJvmOfAKindDumpsWhenStoppedAndTheNextLoadsItsClassesFromTheArchive() throws Exception {
    dumpAnArchive();

    List<String> third = archives.options(MAIN, SHAPING, classpath(), files());
    assertThat(third).anyMatch(option -> option.startsWith(ClassDataArchives.USE_OPTION));
    String loads = runLoggingClassLoads(third);
    assertThat(loads).contains(MAIN + " source: shared objects file (top)");
    assertThat(Files.list(archives.directory().orElseThrow()).map(f -> f.getFileName().toString()))
        .noneMatch(name -> name.endsWith(".dump") || name.endsWith(".lock"));
  }

  @Test
  void aJvmKilledWhileItMayBeDumpingLeavesNoArchiveAndTheNextOneDumps() throws Exception {
    archives.options(MAIN, SHAPING, classpath(), files()); // seen
    FlinkProcess dumping = start("killed", archives.options(MAIN, SHAPING, classpath(), files()));
    awaitStarted(dumping);

    dumping.kill();
    awaitNoLock();

    assertThat(Files.list(archives.directory().orElseThrow()).map(f -> f.getFileName().toString()))
        .noneMatch(name -> name.endsWith(".jsa") || name.endsWith(".dump") || name.endsWith(".failed"));
    assertThat(archives.options(MAIN, SHAPING, classpath(), files())).anyMatch(ClassDataArchives::dumps);
  }

  @Test
  void aChangedJarIsAnotherKindSoAnOldArchiveIsNotOffered() throws Exception {
    dumpAnArchive();

    // Rebuilt: the JDK would refuse the archive (it checks each jar's time and size); it is not even offered.
    Files.setLastModifiedTime(appJar, FileTime.fromMillis(Files.getLastModifiedTime(appJar).toMillis() + 2000));

    assertThat(archives.options(MAIN, SHAPING, classpath(), files())).as("another kind, seen for the first time").isEmpty();
    assertThat(archives.options(MAIN, SHAPING, classpath(), files())).anyMatch(ClassDataArchives::dumps);
    assertThat(archives.options(MAIN, List.of("-XX:TieredStopAtLevel=4"), classpath(), files()))
        .as("other class-loading options: another kind").isEmpty();
  }

  @Test
  void offMeansNoOptionsAndTheLauncherJarInTheWorkDirectory() throws Exception {
    ClassDataArchives off = ClassDataArchives.off();
    FlinkProcessLauncher plain = new FlinkProcessLauncher(List.of(), Files.createDirectories(work.resolve("plain")), List.of(), off);

    assertThat(off.options(MAIN, SHAPING, classpath(), files())).isEmpty();
    assertThat(plain.sharedDirectories()).isEmpty();
    assertThat(work.resolve("plain").resolve("exit-with-parent.jar")).isRegularFile();
  }

  @Test
  void theLauncherJarIsWrittenOnceWithAFixedTimeSoEveryHarnessHasTheSameFile() throws Exception {
    Thread.sleep(1100); // a jar written a second later: its entries' times must not make it another file
    new FlinkProcessLauncher(List.of(), Files.createDirectories(work.resolve("other")), List.of(), archives);

    assertThat(Files.list(archives.directory().orElseThrow()).filter(f -> f.getFileName().toString().endsWith(".jar"))).containsExactly(launcherJar);
    assertThat(Files.getLastModifiedTime(launcherJar).toMillis()).isZero();
    assertThat(launcher.sharedDirectories()).containsExactly(archives.directory().orElseThrow());
  }

  /**
   * The first JVM of the kind only marks it seen, the second dumps (a third meanwhile neither), stopped through its
   * lifeline: the kind's archive is there.
   */
  private void dumpAnArchive() throws Exception {
    assertThat(archives.options(MAIN, SHAPING, classpath(), files())).as("the first of a kind: only seen").isEmpty();
    List<String> second = archives.options(MAIN, SHAPING, classpath(), files());
    assertThat(second).anyMatch(ClassDataArchives::dumps);
    FlinkProcess dumping = start("dumping", second);
    awaitStarted(dumping);
    assertThat(archives.options(MAIN, SHAPING, classpath(), files())).as("another JVM while the second dumps: neither").isEmpty();

    dumping.stop();
    awaitArchive();
  }

  private List<String> classpath() {
    return List.of(launcherJar.toString(), appJar.toString());
  }

  private List<Path> files() {
    return List.of(launcherJar, appJar);
  }

  private FlinkProcess start(String name, List<String> archiveOptions) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA.toString()));
    command.addAll(SHAPING);
    command.addAll(archiveOptions);
    command.addAll(List.of("-cp", String.join(":", classpath()), ExitWithParent.class.getName(), MAIN));
    Path directory = Files.createDirectories(work.resolve(name));
    return launcher.start(name, command, directory, directory.resolve(name + ".log"), Map.of());
  }

  /** The JVM's class-loading log line for the main class. */
  private String runLoggingClassLoads(List<String> archiveOptions) throws Exception {
    List<String> command = new ArrayList<>(List.of(JAVA.toString()));
    command.addAll(SHAPING);
    command.addAll(archiveOptions);
    command.addAll(List.of("-Xlog:class+load=info", "-cp", String.join(":", classpath()), ExitWithParent.class.getName(), MAIN));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).lines()) {
      return lines.filter(line -> line.contains(MAIN + " source: ")).findFirst().orElse("(the JVM ended without loading " + MAIN + ")");
    } finally {
      process.destroyForcibly();
    }
  }

  private static void awaitStarted(FlinkProcess process) throws InterruptedException {
    // The main class sleeps: started once it is still alive after a moment.
    Thread.sleep(700);
    assertThat(process.isAlive()).as("the JVM runs its main class").isTrue();
  }

  private void awaitArchive() throws Exception {
    await(() -> Files.list(archives.directory().orElseThrow()).anyMatch(f -> f.getFileName().toString().endsWith(".jsa")));
    awaitNoLock();
  }

  private void awaitNoLock() throws Exception {
    await(() -> Files.list(archives.directory().orElseThrow()).noneMatch(f -> f.getFileName().toString().endsWith(".lock")));
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static Path jarOf(Class<?> type, Path jar) throws IOException {
    String entry = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(entry);
        OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
