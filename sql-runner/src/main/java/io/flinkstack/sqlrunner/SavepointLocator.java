package io.flinkstack.sqlrunner;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Finds the savepoint a stop-with-savepoint wrote into a directory of its own, once the session cluster's JobManager that
 * took it restarted and the stop's result, with the savepoint's path, is lost (Flink names the savepoint
 * {@code savepoint-<job>-<random>}: only the directory, chosen by the runtime controller, is known).
 *
 * <p>The runtime controller uploads this jar (it ships in the controller as the bundled SQL runner) and asks the session
 * cluster for the plan of this main class ({@code POST /jars/:id/plan}): Flink runs the main method inside its
 * JobManager, with the cluster's own file systems, plugins and credentials, which the controller does not have, and only
 * builds the job, never submits it. The answer is the job's name in the plan: {@value #FOUND} and the path of the newest
 * directory in it holding a {@code _metadata} file (the highest-numbered {@code chk-<n>} in a job's checkpoint directory), or {@value #NONE} and the directory. Application clusters do the
 * same in their JobManager's start script (flinkstack-contract's {@code ResolveSavepoint.java}).
 */
public final class SavepointLocator {
    /** The answer's prefix when a savepoint was found: the path follows. */
    public static final String FOUND = "flinkstack-savepoint: ";
    /** The answer's prefix when there is none: the directory follows. */
    public static final String NONE = "flinkstack-no-savepoint: ";

    private SavepointLocator() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SavepointLocator <the stop-with-savepoint's directory>");
        }
        Path directory = new Path(args[0]);
        FileSystem fs = directory.getFileSystem();
        FileStatus newest = null;
        if (fs.exists(directory)) {
            for (FileStatus child : fs.listStatus(directory)) {
                // _metadata is written last: a savepoint or checkpoint without it did not complete.
                if (child.isDir() && fs.exists(new Path(child.getPath(), "_metadata"))
                        && (newest == null || newer(child, newest))) {
                    newest = child;
                }
            }
        }
        String answer = newest == null ? NONE + directory : FOUND + newest.getPath();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, 0).print();
        env.execute(answer);
    }

    /**
     * Checkpoints ({@code chk-<n>}, in a job's checkpoint directory: the runtime controller lists one for a session job
     * its JobManager lost) by number, since object stores give directories no modification time and a subsumed
     * checkpoint may outlive its JobManager; anything else (savepoints) by modification time.
     */
    static boolean newer(FileStatus candidate, FileStatus than) {
        long a = checkpointNumber(candidate.getPath().getName());
        long b = checkpointNumber(than.getPath().getName());
        if (a >= 0 && b >= 0) {
            return a > b;
        }
        return candidate.getModificationTime() > than.getModificationTime();
    }

    private static long checkpointNumber(String name) {
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
