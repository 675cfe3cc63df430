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

public class ResolveSavepoint {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("flinkstack: usage: ResolveSavepoint <savepoint directory> <Flink configuration directory>");
      System.exit(2);
    }
    Configuration config = GlobalConfiguration.loadConfiguration(args[1]);
    FileSystem.initialize(config, PluginUtils.createPluginManagerFromRootFolder(config));
    Path directory = new Path(args[0]);
    FileSystem fs = directory.getFileSystem();
    FileStatus newest = null;
    if (fs.exists(directory)) {
      for (FileStatus child : fs.listStatus(directory)) {
        if (child.isDir() && fs.exists(new Path(child.getPath(), "_metadata"))
            && (newest == null || child.getModificationTime() > newest.getModificationTime())) {
          newest = child;
        }
      }
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
}
