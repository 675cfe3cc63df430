package io.flinkstack.harness.pods;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A container's file system and identity on this machine, built from Linux primitives instead of an image
 * runtime: a mount namespace and a UTS namespace ({@code unshare -m -u}), a tmpfs as the container's root laid
 * out like the official Flink image ({@code /opt/flink/lib}, {@code /opt/flink/usrlib} …), the host's
 * {@code /usr} and {@code /etc} bound read-only beneath it (the JDK lives under {@code /usr}), the pod's volumes
 * bound at their mount paths (read-only where Kubernetes mounts them so: ConfigMaps, Secrets, {@code readOnly}
 * mounts), a per-pod {@code /etc/hosts}, the pod name as host name, then the root remounted read-only
 * ({@code readOnlyRootFilesystem}), {@code chroot} into it and {@code setpriv} to the pod's user. What the
 * process may write is then what the pod spec mounts writable, as on a node.
 *
 * <p>Needs root (for the namespaces and mounts) and util-linux' {@code unshare} and {@code setpriv}: the shell
 * script this class writes does the mounting, so the kernel, not this class, decides what the process can
 * reach. {@link #available()} says whether this machine can. The network is the host's: pods differ by their
 * loopback address ({@link PodNetwork}), not by a network namespace.
 */
final class Sandbox {
  /** A bind mount into the container's root. */
  record Mount(Path source, String target, boolean readOnly) {
    Mount {
      if (!target.startsWith("/")) {
        throw new IllegalArgumentException("mount path must be absolute: " + target);
      }
    }
  }

  /** Who the process runs as: {@code runAsUser}, {@code runAsGroup}, the supplementary {@code fsGroup}. */
  record Identity(long uid, long gid, List<Long> groups, boolean noNewPrivileges) {
    Identity {
      groups = List.copyOf(groups);
    }
  }

  /** The image's directories that exist (empty, read-only) whatever is mounted. */
  private static final List<String> IMAGE_DIRECTORIES =
      List.of("/opt/flink/bin", "/opt/flink/conf", "/opt/flink/lib", "/opt/flink/log", "/opt/flink/opt", "/opt/flink/plugins",
          "/opt/flink/usrlib", "/tmp", "/var/tmp", "/run");

  private final Path root;
  private final String hostname;
  private final Identity identity;
  private final String workingDirectory;
  private final List<Mount> mounts;

  /**
   * @param root an empty host directory: the tmpfs root is mounted on it inside the namespace only
   * @param mounts the image's files (jars), the harness' shared directories and the pod's volumes; a file
   *     source is bound onto a file
   */
  Sandbox(Path root, String hostname, Identity identity, String workingDirectory, List<Mount> mounts) {
    this.root = root;
    this.hostname = hostname;
    this.identity = identity;
    this.workingDirectory = workingDirectory;
    this.mounts = List.copyOf(mounts);
  }

  /** Whether this machine can build sandboxes: root, and util-linux' unshare, setpriv and chroot found. */
  static boolean available() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/unshare"))
        && Files.isExecutable(Path.of("/usr/bin/setpriv"))
        && Files.isExecutable(Path.of("/usr/sbin/chroot"));
  }

  /** The host command that runs {@code command} inside the sandbox; the script goes to {@code scriptFile}. */
  List<String> command(Path scriptFile, List<String> command) throws java.io.IOException {
    Files.writeString(scriptFile, script());
    List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--uts", "--propagation", "private", "/bin/sh", scriptFile.toString()));
    argv.addAll(command);
    return argv;
  }

  /**
   * The set-up, as root in the new namespaces; its arguments are the container's command, run with
   * {@code exec} so the process keeps the PID the harness started (signals reach the JVM itself).
   */
  String script() {
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/sh\n# Written by flinkstack's pod harness: the container's root, then its process.\nset -eu\n");
    s.append("R=").append(quote(root.toString())).append('\n');
    s.append("mount -t tmpfs -o mode=0755 flinkstack-root \"$R\"\n");
    // The host's Debian layout: /bin, /lib, /sbin are symlinks into /usr.
    s.append("mkdir -p \"$R/usr\" \"$R/etc\" \"$R/proc\" \"$R/dev\" \"$R/sys\"\n");
    for (String link : List.of("bin", "lib", "lib64", "sbin")) {
      s.append("if [ -L /").append(link).append(" ]; then ln -s \"$(readlink /").append(link).append(")\" \"$R/").append(link).append("\"; fi\n");
    }
    bind(s, "/usr", "/usr", true, false);
    bind(s, "/etc", "/etc", true, false);
    s.append("mount --rbind /dev \"$R/dev\"\n");
    s.append("mount --rbind /proc \"$R/proc\"\n");
    s.append("mount --rbind /sys \"$R/sys\"\n");
    for (String directory : IMAGE_DIRECTORIES) {
      s.append("mkdir -p \"$R").append(quoteInside(directory)).append("\"\n");
    }
    // Parents before children, so a volume inside another mount lands on top of it.
    List<Mount> ordered = new ArrayList<>(mounts);
    ordered.sort(Comparator.comparingInt((Mount m) -> m.target().length()));
    for (Mount mount : ordered) {
      bind(s, mount.source().toString(), mount.target(), mount.readOnly(), !Files.isDirectory(mount.source()));
    }
    s.append("hostname ").append(quote(hostname)).append('\n');
    s.append("mount -o remount,ro,bind \"$R\"\n");
    s.append("exec /usr/sbin/chroot \"$R\" /usr/bin/env -C ").append(quote(workingDirectory))
        .append(" /usr/bin/setpriv --reuid=").append(identity.uid()).append(" --regid=").append(identity.gid());
    if (identity.groups().isEmpty()) {
      s.append(" --clear-groups");
    } else {
      s.append(" --groups=").append(String.join(",", identity.groups().stream().map(String::valueOf).toList()));
    }
    if (identity.noNewPrivileges()) {
      s.append(" --no-new-privs");
    }
    s.append(" -- \"$@\"\n");
    return s.toString();
  }

  private static void bind(StringBuilder s, String source, String target, boolean readOnly, boolean file) {
    String into = "\"$R" + quoteInside(target) + "\"";
    if (file) {
      // An existing file (as /etc/hosts in the read-only /etc) is bound over as it is.
      s.append("[ -e ").append(into).append(" ] || { mkdir -p \"$(dirname ").append(into).append(")\" && touch ").append(into).append("; }\n");
    } else {
      s.append("mkdir -p ").append(into).append('\n');
    }
    s.append("mount --bind ").append(quote(source)).append(' ').append(into).append('\n');
    if (readOnly) {
      s.append("mount -o remount,ro,bind ").append(into).append('\n');
    }
  }

  /** A word for sh in single quotes. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** A path inside a double-quoted word (after {@code $R}): the characters special there escaped. */
  private static String quoteInside(String path) {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c == '"' || c == '\\' || c == '$' || c == '`') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** For diagnostics: where each mount comes from. */
  Map<String, Path> layout() {
    java.util.LinkedHashMap<String, Path> out = new java.util.LinkedHashMap<>();
    mounts.forEach(mount -> out.put(mount.target(), mount.source()));
    return out;
  }
}
