package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox itself, run for real (it needs root, as on these machines and in CI): the process is the pod's
 * user, sees the image layout, can write exactly the writable mounts, reads ConfigMap-like mounts, and cannot
 * write the root or a read-only mount.
 */
class SandboxTest {
  @TempDir Path work;

  @Test
  void theProcessRunsAsThePodsUserOnAReadOnlyRootWithItsMountsOnly() throws Exception {
    assumeTrue(Sandbox.available(), "needs root with util-linux unshare and setpriv");
    Path root = Files.createDirectories(work.resolve("root"));
    Path config = Files.createDirectories(work.resolve("config"));
    Files.writeString(config.resolve("config.yaml"), "rest.port: 8081\n");
    Path emptyDir = Files.createDirectories(work.resolve("tmp-volume"));
    Files.setPosixFilePermissions(emptyDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path jar = Files.writeString(work.resolve("some.jar"), "jar");
    Path hosts = Files.writeString(work.resolve("hosts"), "127.0.0.1 localhost\n127.12.0.2 orders-jobmanager\n");
    Sandbox sandbox =
        new Sandbox(
            root, "orders-taskmanager-0", new Sandbox.Identity(9999, 9999, List.of(9999L), true), "/opt/flink",
            List.of(
                new Sandbox.Mount(config, "/opt/flink/conf", true),
                new Sandbox.Mount(emptyDir, "/tmp", false),
                new Sandbox.Mount(jar, "/opt/flink/lib/some.jar", true),
                new Sandbox.Mount(hosts, "/etc/hosts", true)));
    String probe =
        String.join(
            "; ",
            "echo uid=$(id -u) gid=$(id -g) host=$(hostname) pwd=$(pwd)",
            "cat /opt/flink/conf/config.yaml",
            "cat /opt/flink/lib/some.jar; echo",
            "getent hosts orders-jobmanager",
            "touch /tmp/ok && echo tmp-writable",
            "touch /opt/flink/conf/x 2>/dev/null || echo conf-read-only",
            "touch /opt/flink/x 2>/dev/null || echo root-read-only",
            "mkdir /opt/flink/artifacts 2>/dev/null || echo artifacts-missing",
            "ls /root 2>/dev/null || echo host-home-hidden");
    Process process =
        new ProcessBuilder(sandbox.command(work.resolve("sandbox.sh"), List.of("/bin/sh", "-c", probe))).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output)
        .contains("uid=9999 gid=9999 host=orders-taskmanager-0 pwd=/opt/flink")
        .contains("rest.port: 8081")
        .contains("jar")
        .contains("127.12.0.2")
        .contains("tmp-writable", "conf-read-only", "root-read-only", "artifacts-missing", "host-home-hidden");
    assertThat(process.exitValue()).as(output).isZero();
    // Written through the emptyDir's mount, so the host sees it; nothing else leaked.
    assertThat(emptyDir.resolve("ok")).exists();
    assertThat(config.resolve("x")).doesNotExist();
  }

  @Test
  void scriptQuotesPathsAndPassesTheCommandThrough() {
    Sandbox sandbox =
        new Sandbox(
            Path.of("/w/r o'ot"), "p", new Sandbox.Identity(9999, 9999, List.of(), false), "/opt/flink",
            List.of(new Sandbox.Mount(Path.of("/w/$x"), "/opt/fl\"ink/conf", true)));
    String script = sandbox.script();
    assertThat(script)
        .contains("R='/w/r o'\\''ot'")
        .contains("mount --bind '/w/$x' \"$R/opt/fl\\\"ink/conf\"")
        .contains("--clear-groups")
        .doesNotContain("--no-new-privs")
        .endsWith("-- \"$@\"\n");
  }
}
