package io.flinkstack.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Starts Flink JVMs the way flink-dist's scripts do (memory flags from BashJavaUtils, module opens, log
 * file), but from a classpath of jars instead of a distribution's lib/ folder. Public for the pod harness
 * ({@code pods}), which starts the same JVMs from pod specs.
 */
public final class FlinkProcessLauncher {
  /** flink-dist's {@code env.java.opts.all} for Java 17: Flink reflects into these JDK internals. */
  static final List<String> JAVA_17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final Duration BASH_JAVA_UTILS_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The JVM's bytecode verification of classpath classes, off (the JDK's own classes are not verified anyway). A
   * harness setting, not Flink's: a JobManager or TaskManager start here loads about 10,000 classes from Maven
   * Central's Flink jars and the test job, all compiled by javac; verifying them was about a fifth of a start's CPU
   * (4.9 s of CPU to a REST endpoint that answers, measured on this machine's 2 cores), and the real-Flink tests
   * start some 200 of these JVMs. Behaviour of well-formed classes does not change; the diagnostic flag, unlike the
   * deprecated {@code -Xverify:none}, prints no warning into the process' output.
   */
  static final List<String> NO_CLASSPATH_VERIFICATION = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote");

  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
  private final String flinkClasspath;
  private final Path launcherJar;
  private final Path logConfig;
  private final List<String> extraJvmOptions;

  public FlinkProcessLauncher(List<Path> flinkClasspath, Path workDirectory, List<String> extraJvmOptions) throws IOException {
    this.flinkClasspath = flinkClasspath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    this.launcherJar = writeLauncherJar(workDirectory.resolve("exit-with-parent.jar"));
    this.logConfig = writeLogConfig(workDirectory.resolve("log4j2.properties"));
    this.extraJvmOptions = List.copyOf(extraJvmOptions);
  }

  /** Runs BashJavaUtils on the process's config directory, as flink-dist's config.sh does. */
  public MemoryFlags memoryFlags(FlinkRole role, Path configDirectory) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    // A JVM that lives for a second: skip the optimizing compiler.
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(NO_CLASSPATH_VERIFICATION);
    command.add("-Dlog.file=" + configDirectory.resolve("bash-java-utils.log"));
    command.add("-Dlog4j.configurationFile=" + logConfig.toUri());
    command.addAll(List.of("-cp", flinkClasspath, BASH_JAVA_UTILS, role.memoryParamsCommand));
    command.addAll(List.of("--configDir", configDirectory.toString()));
    Path output = configDirectory.resolve("bash-java-utils.out");
    Process process =
        new ProcessBuilder(command).directory(configDirectory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      if (!process.waitFor(BASH_JAVA_UTILS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("BashJavaUtils did not finish within " + BASH_JAVA_UTILS_TIMEOUT);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while computing memory flags", e);
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("BashJavaUtils " + role.memoryParamsCommand + " failed (exit " + process.exitValue() + "):\n" + text);
    }
    return MemoryFlags.parse(text);
  }

  /** Starts the process in its own directory; its config must already be there. */
  public FlinkProcess start(String name, FlinkRole role, Path processDirectory, MemoryFlags memory) throws IOException {
    return start(name, role, processDirectory, memory, List.of(), Map.of());
  }

  /**
   * As {@link #start(String, FlinkRole, Path, MemoryFlags)}, with more arguments for the main class after
   * {@code --configDir} and the memory flags (a container's {@code -D}s, an application's job options and
   * program arguments, which must come last), and environment variables for the process.
   */
  public FlinkProcess start(
      String name, FlinkRole role, Path processDirectory, MemoryFlags memory, List<String> arguments, Map<String, String> environment)
      throws IOException {
    Path logFile = processDirectory.resolve(name + ".log");
    List<String> command =
        command(role, classpath().stream().map(Path::toString).toList(), processDirectory.toString(), logFile.toString(), memory, arguments);
    Map<String, String> inherited = new java.util.HashMap<>(System.getenv());
    inherited.putAll(environment);
    return start(name, command, processDirectory, logFile, inherited);
  }

  /** Flink's jars, in classpath order. */
  public List<Path> classpath() {
    return Arrays.stream(flinkClasspath.split(File.pathSeparator)).map(Path::of).toList();
  }

  /**
   * The JVM command as flink-dist's scripts build it, for a process whose files are laid out elsewhere (the pod
   * harness' sandbox, where Flink's jars are under {@code /opt/flink/lib}): {@code classpath},
   * {@code configDirectory} and {@code logFile} are paths as the process sees them. The launcher jar and the
   * log configuration are in the launcher's work directory, which the caller makes visible at the same path.
   */
  public List<String> command(FlinkRole role, List<String> classpath, String configDirectory, String logFile, MemoryFlags memory,
      List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-XX:+IgnoreUnrecognizedVMOptions");
    command.addAll(NO_CLASSPATH_VERIFICATION);
    command.addAll(memory.jvmOptions());
    command.addAll(JAVA_17_OPENS);
    command.addAll(extraJvmOptions);
    // log.file also feeds the REST endpoints that serve logs.
    command.add("-Dlog.file=" + logFile);
    command.add("-Dlog4j.configurationFile=" + logConfig.toUri());
    command.addAll(List.of("-cp", launcherJar + File.pathSeparator + String.join(File.pathSeparator, classpath)));
    command.add(ExitWithParent.class.getName());
    command.add(role.mainClass);
    command.addAll(List.of("--configDir", configDirectory));
    command.addAll(memory.dynamicArguments());
    command.addAll(arguments);
    return command;
  }

  /**
   * Starts {@code command} (from {@link #command}, possibly behind a wrapper that execs it) with exactly
   * {@code environment}: nothing of this JVM's environment is passed on.
   */
  public FlinkProcess start(String name, List<String> command, Path processDirectory, Path logFile, Map<String, String> environment)
      throws IOException {
    Path outFile = processDirectory.resolve(name + ".out");
    Files.writeString(processDirectory.resolve("command.txt"), String.join(" ", command) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process =
        builder
            .directory(processDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(outFile.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new FlinkProcess(name, process, logFile, outFile);
  }

  /** The launcher class alone in a jar, so the child's classpath gets nothing else of the controller. */
  static Path writeLauncherJar(Path jar) throws IOException {
    String entry = ExitWithParent.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (InputStream classFile = ExitWithParent.class.getClassLoader().getResourceAsStream(entry);
        OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      if (classFile == null) {
        throw new UncheckedIOException(new IOException("class file not found: " + entry));
      }
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  private static Path writeLogConfig(Path file) throws IOException {
    Files.writeString(
        file,
        String.join(
            "\n",
            "# Written by flinkstack's LocalFlinkCluster: one file per process (-Dlog.file).",
            "monitorInterval = 0",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "logger.netty.name = org.apache.flink.shaded.netty4",
            "logger.netty.level = WARN",
            "logger.pekko.name = org.apache.pekko",
            "logger.pekko.level = WARN",
            ""));
    return file;
  }
}
