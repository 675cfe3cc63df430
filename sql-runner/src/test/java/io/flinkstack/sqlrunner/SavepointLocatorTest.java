package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locator's main method as Flink's jar plan endpoint runs it: through {@code PackagedProgramUtils}, which runs main
 * in a plan environment and keeps the job it built without submitting it; the answer is that job's name.
 */
class SavepointLocatorTest {
    @TempDir
    Path dir;

    private static String plannedJobName(String directory) throws Exception {
        PackagedProgram program = PackagedProgram.newBuilder()
                .setEntryPointClassName(SavepointLocator.class.getName())
                .setArguments(directory)
                .build();
        Pipeline pipeline = PackagedProgramUtils.getPipelineFromProgram(program, new Configuration(), 1, true);
        return ((StreamGraph) pipeline).getJobName();
    }

    private Path savepoint(Path stop, String name, boolean completed, Instant modified) throws Exception {
        Path savepoint = Files.createDirectories(stop.resolve(name));
        if (completed) {
            Files.writeString(savepoint.resolve("_metadata"), "m");
        }
        Files.setLastModifiedTime(savepoint, FileTime.from(modified));
        return savepoint;
    }

    @Test
    void theNewestCompletedSavepointInTheStopsDirectoryIsTheAnswer() throws Exception {
        Path stop = Files.createDirectories(dir.resolve("stop-5a1e"));
        Instant now = Instant.parse("2026-12-07T08:00:00Z");
        savepoint(stop, "savepoint-0a0a0a-111111111111", true, now.minusSeconds(60));
        savepoint(stop, "savepoint-0a0a0a-222222222222", true, now);
        // Newer, but without _metadata: a savepoint that did not complete.
        savepoint(stop, "savepoint-0a0a0a-333333333333", false, now.plusSeconds(60));
        Files.writeString(stop.resolve("stray-file"), "x");

        assertThat(plannedJobName(stop.toUri().toString()))
                .startsWith(SavepointLocator.FOUND)
                .endsWith("/savepoint-0a0a0a-222222222222");
    }

    /**
     * A job's checkpoint directory (the controller lists one for a session job its JobManager lost): the highest-numbered
     * completed {@code chk-<n>}, whatever the directories' times (an object store gives them none; a subsumed checkpoint
     * may outlive the JobManager that would have deleted it), and never {@code shared} or {@code taskowned}.
     */
    @Test
    void inAJobsCheckpointDirectoryTheHighestNumberedCompletedCheckpointIsTheAnswer() throws Exception {
        Path job = Files.createDirectories(dir.resolve("0123456789abcdef0123456789abcdef"));
        Instant now = Instant.parse("2026-12-08T02:00:00Z");
        savepoint(job, "chk-9", true, now);
        savepoint(job, "chk-10", true, now.minusSeconds(30));
        savepoint(job, "chk-11", false, now.plusSeconds(30));
        Files.createDirectories(job.resolve("shared"));
        Files.createDirectories(job.resolve("taskowned"));

        assertThat(plannedJobName(job.toUri().toString())).startsWith(SavepointLocator.FOUND).endsWith("/chk-10");
    }

    @Test
    void aDirectoryWithoutACompletedSavepointOrNoDirectoryAtAllIsSaid() throws Exception {
        Path stop = Files.createDirectories(dir.resolve("stop-5a1f"));
        savepoint(stop, "savepoint-0b0b0b-111111111111", false, Instant.now());
        assertThat(plannedJobName(stop.toUri().toString())).isEqualTo(SavepointLocator.NONE + "file:" + stop);
        assertThat(plannedJobName(dir.resolve("never-written").toUri().toString())).startsWith(SavepointLocator.NONE);
    }
}
