package io.flinkstack.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A standalone ZooKeeper server for Flink's ZooKeeper high availability, as a JVM of its own on 127.0.0.1
 * and a free port. The server is the one Flink ships shaded in {@code flink-shaded-zookeeper-3} (a
 * dependency of flink-runtime), so the caller's Flink classpath is enough. It halts when this JVM goes away
 * ({@link ExitWithParent}), like the Flink processes of the harnesses.
 *
 * <pre>{@code
 * try (LocalZooKeeper zk = LocalZooKeeper.start(flinkJars, dir, Duration.ofSeconds(30))) {
 *   config.put("high-availability.zookeeper.quorum", zk.connectString());
 * }
 * }</pre>
 */
public final class LocalZooKeeper implements AutoCloseable {
  static final String MAIN_CLASS = "org.apache.flink.shaded.zookeeper3.org.apache.zookeeper.server.ZooKeeperServerMain";

  private final int port;
  private final Process process;
  // Held so the pipe stays open: ExitWithParent in the child halts when it closes.
  @SuppressWarnings("unused")
  private final OutputStream lifeline;
  private final Path directory;

  private LocalZooKeeper(int port, Process process, Path directory) {
    this.port = port;
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.directory = directory;
  }

  /**
   * Starts the server with its data, config and log in {@code directory} and waits until it serves
   * (four-letter word {@code srvr} answers with a mode).
   *
   * @throws IOException when it does not serve within {@code timeout}, with the end of its output
   */
  public static LocalZooKeeper start(List<Path> flinkClasspath, Path directory, Duration timeout) throws IOException {
    Path root = Files.createDirectories(directory.toAbsolutePath());
    Path data = Files.createDirectories(root.resolve("data"));
    int port = FreePorts.pick();
    Path config = root.resolve("zoo.cfg");
    Files.writeString(config, String.join("\n",
        "# Written by flinkstack's LocalZooKeeper: one standalone server for a local Flink cluster's HA.",
        "tickTime=500",
        "initLimit=10",
        "syncLimit=5",
        "dataDir=" + data,
        "clientPort=" + port,
        "clientPortAddress=127.0.0.1",
        "maxClientCnxns=0",
        // Sessions of a SIGKILLed JobManager must expire soon so its leadership goes (Flink asks for 60 s; the
        // server caps it at maxSessionTimeout).
        "maxSessionTimeout=10000",
        "admin.enableServer=false",
        "4lw.commands.whitelist=srvr,ruok",
        ""));
    Path logConfig = root.resolve("log4j2.properties");
    Files.writeString(logConfig, """
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = File
        appender.file.name = File
        appender.file.type = File
        appender.file.fileName = LOG_FILE
        appender.file.layout.type = PatternLayout
        appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
        """.replace("LOG_FILE", root.resolve("zookeeper.log").toString()));
    Path launcherJar = FlinkProcessLauncher.writeLauncherJar(root.resolve("exit-with-parent.jar"));
    String classpath = launcherJar + File.pathSeparator
        + flinkClasspath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(FlinkProcessLauncher.NO_CLASSPATH_VERIFICATION);
    // Also as system properties: the server reads these two from there, whatever zoo.cfg says.
    command.add("-Dzookeeper.4lw.commands.whitelist=srvr,ruok");
    command.add("-Dzookeeper.admin.enableServer=false");
    command.add("-Dlog4j.configurationFile=" + logConfig.toUri());
    command.addAll(List.of("-cp", classpath, ExitWithParent.class.getName(), MAIN_CLASS, config.toString()));
    Files.writeString(root.resolve("command.txt"), String.join(" ", command) + "\n");
    Process process = new ProcessBuilder(command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(root.resolve("zookeeper.out").toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    LocalZooKeeper zooKeeper = new LocalZooKeeper(port, process, root);
    try {
      zooKeeper.awaitServing(timeout);
      return zooKeeper;
    } catch (IOException | RuntimeException e) {
      zooKeeper.close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:<port>}: Flink's {@code high-availability.zookeeper.quorum}. */
  public String connectString() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** True when the server answers {@code srvr} with its mode (standalone): it serves requests. */
  public boolean serving() {
    return fourLetterWord("srvr").contains("Mode:");
  }

  /** A four-letter word's answer ({@code srvr}, {@code ruok}); empty when the server cannot be reached. */
  public String fourLetterWord(String word) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  private void awaitServing(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!serving()) {
      if (!process.isAlive()) {
        throw new IOException("ZooKeeper exited (" + process.exitValue() + ") before serving:\n" + tail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("ZooKeeper on " + connectString() + " not serving within " + timeout + ":\n" + tail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for ZooKeeper", e);
      }
    }
  }

  private String tail() {
    StringBuilder text = new StringBuilder();
    for (String file : List.of("zookeeper.out", "zookeeper.log")) {
      try {
        List<String> lines = Files.readAllLines(directory.resolve(file), StandardCharsets.UTF_8);
        text.append("--- end of ").append(file).append('\n');
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(line -> text.append(line).append('\n'));
      } catch (IOException e) {
        text.append("(cannot read ").append(file).append(")\n");
      }
    }
    return text.toString();
  }

  /** SIGKILL, and waits for the process to end. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
