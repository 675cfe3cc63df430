package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts for real on one in-process Flink cluster (a MiniCluster, shared by the tests): the
 * runner's TableEnvironment submits to it as it would to the cluster of a Flink image in application
 * mode. Every check reads what the job wrote or what the cluster ran.
 */
class SqlRunnerMiniClusterTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path dir;

    private ClusterClient<?> cluster;

    @BeforeEach
    void connect(@InjectClusterClient ClusterClient<?> client) {
        cluster = client;
    }

    /** A bounded source of ids 1..rows, one per second of event time from the epoch on. */
    private static String sequenceSource(String name, int rows) {
        return """
                CREATE TABLE %s (
                  id BIGINT,
                  ts AS TO_TIMESTAMP_LTZ(id * 1000, 3),
                  WATERMARK FOR ts AS ts
                ) WITH (
                  'connector' = 'datagen',
                  'number-of-rows' = '%d',
                  'fields.id.kind' = 'sequence',
                  'fields.id.start' = '1',
                  'fields.id.end' = '%d'
                );
                """.formatted(name, rows, rows);
    }

    private String csvSink(String name, String columns) {
        return """
                CREATE TABLE %s (%s) WITH (
                  'connector' = 'filesystem',
                  'path' = '%s',
                  'format' = 'csv'
                );
                """.formatted(name, columns, dir.resolve(name).toUri());
    }

    @Test
    void datagenToPrintRunsAsOneJobAndPrintsEveryRow() throws Exception {
        String script = """
                -- the smallest pipeline: generated rows printed by the TaskManager
                CREATE TABLE numbers (id BIGINT) WITH (
                  'connector' = 'datagen', 'number-of-rows' = '7',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '7');
                CREATE TABLE console (id BIGINT) WITH ('connector' = 'print', 'print-identifier' = 'numbers');
                INSERT INTO console SELECT id FROM numbers;
                """;

        String printed = capturingStdout(() -> awaitFinished(SqlRunner.run("--sql", script)));

        List<String> rows = printed.lines().filter(line -> line.matches("numbers(:\\d+)?> \\+I\\[\\d+]")).toList();
        assertThat(rows).hasSize(7);
        assertThat(rows).extracting(line -> line.substring(line.indexOf('[') + 1, line.indexOf(']')))
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7");
    }

    @Test
    void windowedAggregateFromAFileWritesTheExactCountsPerWindowAndKey() throws Exception {
        int rows = 100;
        Path script = Files.writeString(dir.resolve("job.sql"), """
                SET 'table.local-time-zone' = 'UTC';
                %s
                %s
                /* 10-second tumbling windows; key = id mod 3 */
                INSERT INTO counts
                SELECT id %% 3, window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, id %% 3;
                """.formatted(sequenceSource("events", rows), csvSink("counts", "k BIGINT, window_start TIMESTAMP(3), n BIGINT")));

        ScriptOutcome outcome = SqlRunner.run("--file", script.toString());
        awaitFinished(outcome);

        // Expected independently: id i has event time i seconds, so it falls into window (i / 10) * 10 s.
        Map<String, Long> expected = LongStream.rangeClosed(1, rows).boxed()
                .collect(Collectors.groupingBy(id -> (id / 10) * 10 + "s/k" + id % 3, TreeMap::new, Collectors.counting()));
        Map<String, Long> written = readCsv(dir.resolve("counts")).stream()
                .collect(Collectors.toMap(
                        fields -> epochSecond(fields[1]) + "s/k" + fields[0],
                        fields -> Long.parseLong(fields[2]),
                        (a, b) -> { throw new AssertionError("window and key written twice"); },
                        TreeMap::new));
        assertThat(written).isEqualTo(expected);
        assertThat(written).hasSize(31).containsEntry("0s/k0", 3L).containsEntry("100s/k1", 1L);
        assertThat(outcome.statementCount()).isEqualTo(4);
        assertThat(outcome.pipelineStatementCount()).isEqualTo(1);
    }

    @Test
    void twoInsertsRunAsOneJob() throws Exception {
        List<JobStatusMessage> before = jobs();
        String script = """
                SET 'pipeline.name' = 'two-sinks';
                %s
                %s
                %s
                INSERT INTO evens SELECT id FROM events WHERE id %% 2 = 0;
                INSERT INTO odds SELECT id FROM events WHERE id %% 2 = 1;
                """.formatted(sequenceSource("events", 10), csvSink("evens", "id BIGINT"), csvSink("odds", "id BIGINT"));

        ScriptOutcome outcome = SqlRunner.run("--sql", script);
        JobClient job = awaitFinished(outcome);

        List<JobStatusMessage> newJobs = newJobs(before);
        assertThat(newJobs).extracting(JobStatusMessage::getJobId).containsExactly(job.getJobID());
        assertThat(newJobs.get(0).getJobName()).isEqualTo("two-sinks");
        assertThat(ids(dir.resolve("evens"))).containsExactlyInAnyOrder(2L, 4L, 6L, 8L, 10L);
        assertThat(ids(dir.resolve("odds"))).containsExactlyInAnyOrder(1L, 3L, 5L, 7L, 9L);
        assertThat(outcome.pipelineStatementCount()).isEqualTo(2);
    }

    @Test
    void statementSetBlocksAreAcceptedAndStillMakeOneJob() throws Exception {
        List<JobStatusMessage> before = jobs();
        String script = """
                %s
                %s
                %s
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO evens SELECT id FROM events WHERE id %% 2 = 0;
                  INSERT INTO odds SELECT id FROM events WHERE id %% 2 = 1;
                END;
                """.formatted(sequenceSource("events", 4), csvSink("evens", "id BIGINT"), csvSink("odds", "id BIGINT"));

        awaitFinished(SqlRunner.run("--sql", script));

        assertThat(newJobs(before)).hasSize(1);
        assertThat(ids(dir.resolve("evens"))).containsExactlyInAnyOrder(2L, 4L);
        assertThat(ids(dir.resolve("odds"))).containsExactlyInAnyOrder(1L, 3L);
    }

    @Test
    void syntaxErrorFailsWithStatementNumberAndFlinksMessageAndSubmitsNothing() throws Exception {
        List<JobStatusMessage> before = jobs();
        String script = """
                %s
                CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink SELECT id FROM events;
                INSERT INTO sink
                SELECT id FROMM events;
                """.formatted(sequenceSource("events", 5));

        assertThatThrownBy(() -> SqlRunner.run("--sql", script))
                .isInstanceOf(SqlScriptException.class)
                .hasMessageContaining("statement 4 of 4 (line 15): INSERT INTO sink")
                .hasMessageContaining("SQL parse failed")
                .hasMessageContaining("Encountered \"events\" at line 16, column 17")
                .hasMessageContaining("Nothing was submitted")
                .satisfies(e -> assertThat(((SqlScriptException) e).statementNumber()).isEqualTo(4));
        assertThat(newJobs(before)).as("the valid INSERT before the bad one must not run").isEmpty();
    }

    /** Scripts Flink refuses, each with what the message must say: the refused statement and Flink's own words. */
    static Stream<Arguments> refusedScripts() {
        return Stream.of(
                Arguments.of("a syntax error in the third statement is reported as statement three",
                        "CREATE TABLE a (id BIGINT) WITH ('connector' = 'datagen');\n"
                                + "CREATE TABLE b (id BIGINT) WITH ('connector' = 'blackhole');\n"
                                + "CREATE TABEL c (id BIGINT);\n"
                                + "INSERT INTO b SELECT id FROM a;\n",
                        List.of("statement 3 of 4 (line 3): CREATE TABEL c (id BIGINT)",
                                "SQL parse failed. Encountered \"TABEL\" at line 3, column 8")),
                Arguments.of("an unknown table fails with Flink's message",
                        """
                        CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                        INSERT INTO sink SELECT id FROM missing_table;
                        """,
                        List.of("statement 2 of 2 (line 2): INSERT INTO sink SELECT id FROM missing_table",
                                "Object 'missing_table' not found")),
                Arguments.of("a bad connector option fails at the INSERT that uses the table",
                        """
                        CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                        CREATE TABLE good (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                        CREATE TABLE bad (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-secnd' = '3');
                        INSERT INTO sink SELECT id FROM good;
                        INSERT INTO sink SELECT id FROM bad;
                        """,
                        List.of("statement 5 of 5 (line 5): INSERT INTO sink SELECT id FROM bad",
                                "Unsupported options found for 'datagen'",
                                "rows-per-secnd")),
                Arguments.of("a query without sink is refused",
                        sequenceSource("events", 3) + "SELECT * FROM events;",
                        List.of("statement 2 of 2 (line 12): SELECT * FROM events",
                                "INSERT INTO <table> SELECT")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedScripts")
    void aRefusedScriptFailsWithItsStatementAndFlinksMessageAndSubmitsNothing(String name, String script, List<String> messages)
            throws Exception {
        List<JobStatusMessage> before = jobs();
        var failure = assertThatThrownBy(() -> SqlRunner.run("--sql", script));
        messages.forEach(failure::hasMessageContaining);
        assertThat(newJobs(before)).isEmpty();
    }

    @Test
    void dryRunPlansEverythingAndRunsNothing() throws Exception {
        List<JobStatusMessage> before = jobs();
        String script = sequenceSource("events", 5) + csvSink("results", "id BIGINT")
                + "INSERT INTO results SELECT id FROM events;";

        ScriptOutcome outcome = SqlRunner.run("--sql", script, "--dry-run");

        assertThat(outcome.job()).isEmpty();
        assertThat(outcome.pipelineStatementCount()).isEqualTo(1);
        assertThat(newJobs(before)).isEmpty();
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void dryRunCatchesSinkOptionErrorsWithoutRunning() throws Exception {
        List<JobStatusMessage> before = jobs();
        String script = sequenceSource("events", 5)
                + "CREATE TABLE results (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + dir.toUri() + "');\n"
                + "INSERT INTO results SELECT id FROM events;";

        assertThatThrownBy(() -> SqlRunner.run("--dry-run", "--sql", script))
                .hasMessageContaining("statement 3 of 3 (line 13): INSERT INTO results SELECT id FROM events")
                .hasMessageContaining("Unable to create a sink for writing table 'default_catalog.default_database.results'")
                .hasMessageContaining("format");
        assertThat(newJobs(before)).isEmpty();
    }

    @Test
    void mainThrowsSoThatApplicationModeSeesTheFailure() {
        assertThatThrownBy(() -> SqlRunner.main(new String[] {"--sql", "CREATE TABLE broken ("}))
                .isInstanceOf(SqlScriptException.class)
                .hasMessageContaining("statement 1 of 1 (line 1): CREATE TABLE broken (");
    }

    // ---------------------------------------------------------------------------------------------

    private static JobClient awaitFinished(ScriptOutcome outcome) throws Exception {
        JobClient job = outcome.job().orElseThrow();
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.FINISHED);
        return job;
    }

    private List<JobStatusMessage> jobs() throws Exception {
        return List.copyOf(cluster.listJobs().get(10, TimeUnit.SECONDS));
    }

    private List<JobStatusMessage> newJobs(Collection<JobStatusMessage> before) throws Exception {
        List<?> old = before.stream().map(JobStatusMessage::getJobId).toList();
        return jobs().stream().filter(job -> !old.contains(job.getJobId())).toList();
    }

    /** The rows of every finished file the filesystem sink wrote (in-progress files start with '.'). */
    private static List<String[]> readCsv(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            List<Path> finished = files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .toList();
            assertThat(finished).as("files written under %s", table).isNotEmpty();
            return finished.stream()
                    .flatMap(file -> {
                        try {
                            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .map(line -> line.replace("\"", "").split(","))
                    .toList();
        }
    }

    private static List<Long> ids(Path table) throws IOException {
        return readCsv(table).stream().map(fields -> Long.parseLong(fields[0])).toList();
    }

    private static long epochSecond(String timestamp) {
        return LocalDateTime.parse(timestamp.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
    }

    private interface Action {
        void run() throws Exception;
    }

    private static String capturingStdout(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
