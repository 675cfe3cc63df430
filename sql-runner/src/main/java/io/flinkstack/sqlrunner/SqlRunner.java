package io.flinkstack.sqlrunner;

import java.io.IOException;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Entry point of a flinkstack SQL job: runs a script of Flink SQL statements as one streaming job.
 *
 * <pre>
 * SqlRunner --file /opt/flink/sql/job.sql
 * SqlRunner --sql "CREATE TABLE …; INSERT INTO … SELECT …;"
 * SqlRunner --file job.sql --dry-run
 * </pre>
 *
 * <p>Failures are thrown, never turned into {@code System.exit}: in application mode main runs inside
 * the JobManager, where exiting would kill the JobManager instead of failing the application.
 */
public final class SqlRunner {

    private SqlRunner() {}

    public static void main(String[] args) throws IOException {
        ScriptOutcome outcome = run(args);
        System.out.println(outcome.summary());
    }

    /** Runs (or, with {@code --dry-run}, validates) the script; returns once the job is submitted. */
    public static ScriptOutcome run(String... args) throws IOException {
        RunnerArguments arguments = RunnerArguments.parse(args);
        List<SqlStatement> statements = SqlScriptSplitter.split(arguments.readScript());
        // Streaming mode: a flinkstack SQL job is a long-running pipeline fed by unbounded sources.
        TableEnvironment tableEnvironment = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        return new SqlScriptExecutor(tableEnvironment, arguments.dryRun()).execute(statements);
    }
}
