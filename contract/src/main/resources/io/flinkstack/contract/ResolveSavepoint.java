// Shipped in flinkstack-contract (RestoreState.resolverSource()), written by the runtime controller into the
// <cluster>-restore ConfigMap (key ResolveSavepoint.java) and run by the JobManager's start script with the JDK's
// source launcher, on the image's Flink jars:
//   java -cp "$FLINK_HOME/lib/*" ResolveSavepoint.java <savepoint directory> <Flink configuration directory>
// Source, not a class: nothing of flinkstack has Flink on its class path. Run for real on Flink 1.20.3's jars by
// the e2e JobManagerKilledAfterStopTest (bench faults).
//
// Why: a stop-with-savepoint writes into a directory of its own, chosen by the controller. When the JobManager restarted
// after the stop completed, nobody knows the savepoint's path any more (Flink names it savepoint-<job>-<random>), only
// that directory. The JobManager can list it with Flink's own file systems (its plugins, its configuration and its
// credentials), which the controller does not have. Prints "flinkstack-savepoint: <path>" for the newest directory in
// it holding a _metadata file; exits 1, saying why on stderr, when there is none. Only that line goes to stdout's
// reader: Flink's logging may print there too, even on the same line (a colour reset before it).
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;

//
// With a third argument, "latest": the first is the beginning of job ids (a deployment's 24 digits), and the
// directories listed are those jobs' own checkpoint directories, <checkpoint dir>/<job id>, the checkpoint directory
// read from the same Flink configuration (the key Flink reads, so the one it writes to): the start script of an
// application without HA asks so at every JobManager start, each start's job having another id. Prints the
// highest-numbered completed chk-<n> among them (a job restored from chk-<n> numbers its next checkpoint n+1), or
// nothing when there is none (the deployment's first start) or no checkpoint directory is configured; exits 0 either
// way.
public class ResolveSavepoint {
  public static void main(String[] args) throws Exception {
    boolean latest = args.length == 3 && args[2].equals("latest");
    if (args.length != 2 && !latest) {
      System.err.println("flinkstack: usage: ResolveSavepoint <savepoint directory> <Flink configuration directory>"
          + " | ResolveSavepoint <job id beginning> <Flink configuration directory> latest");
      System.exit(2);
    }
    Configuration config = GlobalConfiguration.loadConfiguration(args[1]);
    FileSystem.initialize(config, PluginUtils.createPluginManagerFromRootFolder(config));
    String location = args[0];
    if (latest) {
      String base = null;
      for (String key : new String[] {"execution.checkpointing.dir", "state.checkpoints.dir"}) {
        String value = config.toMap().get(key);
        if (base == null && value != null && !value.isBlank()) {
          base = value.strip();
        }
      }
      if (base == null) {
        System.exit(0);
      }
      location = base;
    }
    Path directory = new Path(location);
    FileSystem fs = directory.getFileSystem();
    FileStatus newest = null;
    if (fs.exists(directory)) {
      for (FileStatus child : fs.listStatus(directory)) {
        if (latest) {
          if (child.isDir() && child.getPath().getName().startsWith(args[0])) {
            for (FileStatus checkpoint : fs.listStatus(child.getPath())) {
              if (checkpointNumber(checkpoint.getPath().getName()) >= 0 && checkpoint.isDir()
                  && fs.exists(new Path(checkpoint.getPath(), "_metadata")) && (newest == null || newer(checkpoint, newest))) {
                newest = checkpoint;
              }
            }
          }
        } else if (child.isDir() && fs.exists(new Path(child.getPath(), "_metadata")) && (newest == null || newer(child, newest))) {
          newest = child;
        }
      }
    }
    if (newest == null && latest) {
      System.exit(0);
    }
    if (newest == null) {
      System.err.println("flinkstack: no savepoint (a directory with a _metadata file) in " + directory + ", where the runtime"
          + " controller's stop-with-savepoint wrote before the JobManager restarted. Not starting the job without its state:"
          + " find the savepoint and set the job's initialSavepointPath and redeployNonce, or delete the <cluster>-restore"
          + " ConfigMap's restore-directory key to start without state.");
      System.exit(1);
    }
    System.out.println("flinkstack-savepoint: " + newest.getPath());
  }

  // Checkpoints (chk-<n>) by number: object stores give directories no modification time, and a subsumed checkpoint
  // may outlive the JobManager that would have deleted it. Anything else (savepoints) by modification time. The same
  // rule as the SQL runner's SavepointLocator, written twice on purpose: this file is a single source file the JDK's
  // launcher runs on an image's Flink jars, with nothing of flinkstack on its class path.
  static boolean newer(FileStatus candidate, FileStatus than) {
    long a = checkpointNumber(candidate.getPath().getName());
    long b = checkpointNumber(than.getPath().getName());
    return a >= 0 && b >= 0 ? a > b : candidate.getModificationTime() > than.getModificationTime();
  }

  static long checkpointNumber(String name) {
    if (!name.startsWith("chk-")) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(4));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
