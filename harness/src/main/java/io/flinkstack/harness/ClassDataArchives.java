package io.flinkstack.harness;

import io.flinkstack.controller.hashing.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Class data sharing (the JDK's AppCDS) for the harness' Flink JVMs: a harness setting that changes how fast a
 * JVM loads Flink's classes, not what Flink does. A JobManager or TaskManager start loads some 10,000 classes from
 * Flink's jars; with an archive a JobManager start to a REST answer took 1.65 CPU-s instead of 2.2 (2026-12-06, two
 * cores), and the real-Flink tests start a few hundred such JVMs with the same jars. A run from an empty directory
 * pays for the dumps and about breaks even; the gain is for later runs in the same checkout.
 *
 * <p>The second JVM of a kind (same JDK, main class, JVM options and classpath, each jar's size and modification time;
 * the first only marks the kind seen, so kinds started once cost no dump) runs with {@code -XX:ArchiveClassesAtExit}: when it exits, the JDK writes the classes it loaded into a dynamic
 * archive on top of the JDK's own (JDK 13+, JEP 350). Later JVMs of that kind map it with
 * {@code -XX:SharedArchiveFile}. What can go wrong is the JDK's to check, and it does: at start it compares the
 * classpath and each used jar's size and time with the archive's and, under the default {@code -Xshare:auto}, loads
 * classes from the jars as usual when they differ. This class only keeps the archives whole: a JVM dumps into a file
 * of its own, which becomes the archive only if the JVM ended by itself, on SIGTERM or by halting (a JVM that got
 * SIGKILL, exit 137, may have stopped mid-write); one JVM of a kind dumps at a time (a lock file); after three dumps
 * that left no file a kind runs without an archive. The harnesses end a dumping JVM by closing its lifeline
 * ({@link FlinkProcess#stop()}: it halts, as good as SIGKILL for Flink, and the JDK writes the archive on the way out).
 *
 * <p>On by the system property {@value #DIRECTORY_PROPERTY} naming the directory (the build sets it for the tests to
 * {@code target/class-data-archives} of the root project); off without it. The directory is shared with the pod
 * harness' sandboxes at the same path (writable: a pod's JVM dumps there), so it also holds the launcher jar, whose
 * path must be the same for every JVM of a kind.
 */
public final class ClassDataArchives {
  public static final String DIRECTORY_PROPERTY = "flinkstack.harness.classDataArchives";
  static final String DUMP_OPTION = "-XX:ArchiveClassesAtExit=";
  static final String USE_OPTION = "-XX:SharedArchiveFile=";
  /** The JDK's messages about an archive it cannot use go to stdout, the container log; it falls back silently. */
  static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  private static final int SIGKILLED = 128 + 9;
  private static final int MAX_FAILED_DUMPS = 3;
  private static final Duration STALE_LOCK = Duration.ofMinutes(10);

  private final Path directory;

  private ClassDataArchives(Path directory) {
    this.directory = directory;
  }

  /** From {@value #DIRECTORY_PROPERTY}; off when it is unset or blank. */
  public static ClassDataArchives fromSystemProperty() {
    String value = System.getProperty(DIRECTORY_PROPERTY, "").trim();
    return value.isEmpty() ? off() : in(Path.of(value));
  }

  public static ClassDataArchives off() {
    return new ClassDataArchives(null);
  }

  public static ClassDataArchives in(Path directory) {
    return new ClassDataArchives(directory.toAbsolutePath());
  }

  /** The archives' directory, when on. */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /**
   * Where a JVM's launcher jar (a file of the classpath that the JVM loads from) lives: the archives' directory when
   * on, so every JVM of a kind has it at the same path; else {@code fallback}. Written once per content.
   */
  Path launcherJar(Path fallback, JarWriter writer) throws IOException {
    if (directory == null) {
      return writer.write(fallback);
    }
    ensureDirectory();
    Path staging = writer.write(directory.resolve("launcher-" + UUID.randomUUID() + ".tmp"));
    Path jar = directory.resolve("exit-with-parent-" + Sha256.hex(Files.readAllBytes(staging)).substring(0, 16) + ".jar");
    if (Files.exists(jar)) {
      Files.delete(staging);
    } else {
      // A fixed time: the JDK checks a classpath jar's modification time against the archive's.
      Files.setLastModifiedTime(staging, FileTime.fromMillis(0));
      Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);
    }
    return jar;
  }

  /** Writes a jar to the given path and returns it. */
  @FunctionalInterface
  interface JarWriter {
    Path write(Path jar) throws IOException;
  }

  /**
   * The JVM options that make a JVM use its kind's archive, or dump it, or neither (off, or another JVM of the kind
   * is dumping, or its dumps failed).
   *
   * @param mainClass the class the JVM runs
   * @param options the JVM's options that shape its class loading (not its memory sizes, which CDS does not mind)
   * @param classpath the classpath as the JVM sees it
   * @param files the same entries as files this JVM can read (for a sandboxed JVM, where they come from)
   */
  List<String> options(String mainClass, List<String> options, List<String> classpath, List<Path> files) {
    if (directory == null) {
      return List.of();
    }
    if (classpath.size() != files.size()) {
      throw new IllegalArgumentException("the classpath has " + classpath.size() + " entries but " + files.size() + " files were given");
    }
    try {
      ensureDirectory();
      String kind = kind(mainClass, options, classpath, files);
      Path archive = directory.resolve(kind + ".jsa");
      if (Files.isReadable(archive)) {
        return concat(QUIET, List.of(USE_OPTION + archive));
      }
      if (seenFirst(kind) || failedDumps(kind) >= MAX_FAILED_DUMPS || !lock(kind)) {
        return List.of();
      }
      return concat(QUIET, List.of(DUMP_OPTION + directory.resolve(kind + "." + UUID.randomUUID() + ".dump")));
    } catch (IOException e) {
      // An optimisation only: a JVM without an archive is the same JVM, slower to start.
      return List.of();
    }
  }

  /**
   * For a started JVM whose command dumps an archive: once the JVM has ended, its dump becomes the kind's archive if
   * it can be whole, else it is deleted; either way the kind's lock goes. Tells whether the JVM dumps.
   */
  boolean watch(List<String> command, Process process) {
    Optional<Path> dump =
        command.stream().filter(ClassDataArchives::dumps).findFirst().map(option -> Path.of(option.substring(DUMP_OPTION.length())));
    dump.ifPresent(file -> process.onExit().thenAccept(ended -> complete(file, ended.exitValue())));
    return dump.isPresent();
  }

  /** Whether a command-line word makes the JVM write an archive at exit. */
  static boolean dumps(String option) {
    return option.startsWith(DUMP_OPTION);
  }

  void complete(Path dump, int exitCode) {
    String name = dump.getFileName().toString();
    String kind = name.substring(0, name.indexOf('.'));
    try {
      if (exitCode == SIGKILLED) {
        // Killed before or while writing: the next JVM of the kind tries again.
        Files.deleteIfExists(dump);
      } else if (Files.isRegularFile(dump) && Files.size(dump) > 0) {
        Files.move(dump, directory.resolve(kind + ".jsa"), StandardCopyOption.ATOMIC_MOVE);
      } else {
        // The JDK wrote nothing though it could have (it warns on stdout, which QUIET turns off): counted.
        Files.deleteIfExists(dump);
        Files.writeString(directory.resolve(kind + ".failed"), "x", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      // Left for the next JVM of the kind to try again.
    } finally {
      try {
        Files.deleteIfExists(directory.resolve(kind + ".lock"));
      } catch (IOException e) {
        // Stale after STALE_LOCK.
      }
    }
  }

  /**
   * True for the first JVM of a kind, which only marks the kind seen: a dump costs its JVM seconds at exit, which a
   * kind started once (a Flink version one test runs) would never earn back. The second JVM of a kind dumps.
   */
  private boolean seenFirst(String kind) throws IOException {
    try {
      Files.createFile(directory.resolve(kind + ".seen"));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private boolean lock(String kind) throws IOException {
    Path lock = directory.resolve(kind + ".lock");
    try {
      Files.createFile(lock);
      return true;
    } catch (FileAlreadyExistsException e) {
      // A harness that died before its dumping JVM ended leaves its lock; it goes stale.
      if (Files.getLastModifiedTime(lock).toInstant().isBefore(Instant.now().minus(STALE_LOCK))) {
        Files.deleteIfExists(lock);
        return lock(kind);
      }
      return false;
    }
  }

  private int failedDumps(String kind) throws IOException {
    Path failed = directory.resolve(kind + ".failed");
    return Files.exists(failed) ? (int) Files.size(failed) : 0;
  }

  private void ensureDirectory() throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      // Sandboxed JVMs run as the pod's user and dump here.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
  }

  /** What the JDK's archive depends on, as a file name. */
  static String kind(String mainClass, List<String> options, List<String> classpath, List<Path> files) throws IOException {
    List<String> parts = new ArrayList<>();
    parts.add(System.getProperty("java.home"));
    parts.add(System.getProperty("java.vm.version"));
    parts.add(mainClass);
    parts.addAll(options);
    for (int i = 0; i < classpath.size(); i++) {
      Path file = files.get(i);
      parts.add(classpath.get(i) + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
    }
    return Sha256.hex(String.join("\n", parts)).substring(0, 32);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
