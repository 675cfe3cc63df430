package io.flinkstack.sqlrunner;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a script's statements one after another on a {@link TableEnvironment}: statements that change
 * the catalog or the configuration run at once, so later statements see their effect; INSERTs are
 * collected into one {@link StatementSet} and submitted together after the last statement, as one job
 * (what the SQL client's {@code EXECUTE STATEMENT SET} does). The first statement that fails ends the
 * run before anything is submitted.
 */
final class SqlScriptExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SqlScriptExecutor.class);

    private final TableEnvironment tableEnvironment;
    private final boolean dryRun;
    private final ConfigStatements configStatements;
    private final StatementSet job;
    private final List<SqlStatement> jobStatements = new ArrayList<>();
    private List<SqlStatement> script = List.of();
    private SqlStatement openStatementSet;

    SqlScriptExecutor(TableEnvironment tableEnvironment, boolean dryRun) {
        this.tableEnvironment = tableEnvironment;
        this.dryRun = dryRun;
        this.configStatements = new ConfigStatements(tableEnvironment.getConfig());
        this.job = tableEnvironment.createStatementSet();
    }

    /** Runs the statements; an executor runs one script only. */
    ScriptOutcome execute(List<SqlStatement> statements) {
        if (statements.isEmpty()) {
            throw SqlScriptException.ofScript("the script holds no SQL statement.");
        }
        script = statements;
        for (SqlStatement statement : statements) {
            StatementKind kind = StatementKind.of(statement);
            LOG.info("Statement {}/{} (line {}, {}): {}",
                    statement.number(), statements.size(), statement.line(), kind, statement.firstLine());
            execute(statement, kind);
        }
        if (openStatementSet != null) {
            throw rejected(openStatementSet, "The statement set opened here is never closed with END.");
        }
        if (jobStatements.isEmpty()) {
            throw SqlScriptException.ofScript("the script has no INSERT statement, so there is no job to run.");
        }
        return dryRun ? ScriptOutcome.validated(statements.size(), jobStatements.size()) : submit();
    }

    private void execute(SqlStatement statement, StatementKind kind) {
        if (openStatementSet != null && !kind.isPartOfJob() && kind != StatementKind.END_STATEMENT_SET) {
            throw rejected(statement, "Only INSERT statements may stand between BEGIN STATEMENT SET (statement "
                    + openStatementSet.number() + ") and END.");
        }
        switch (kind) {
            case EXECUTE_NOW:
                executeNow(statement);
                break;
            case SET:
                runConfigStatement(statement, () -> configStatements.set(statement));
                break;
            case RESET:
                runConfigStatement(statement, () -> configStatements.reset(statement));
                break;
            case INSERT:
                addToJob(statement, true);
                break;
            case CREATE_TABLE_AS:
                // Flink 1.20 cannot explain a CREATE TABLE … AS SELECT inside a statement set; adding it
                // still parses and validates its query, its sink options are checked at submission.
                addToJob(statement, false);
                break;
            case BEGIN_STATEMENT_SET:
                openStatementSet = statement;
                break;
            case EXECUTE_STATEMENT_SET_BEGIN:
                openStatementSet = statement;
                addToJob(statement.withoutLeadingWords(StatementKind.EXECUTE_STATEMENT_SET_BEGIN_WORDS), true);
                break;
            case END_STATEMENT_SET:
                if (openStatementSet == null) {
                    throw rejected(statement, "END closes no BEGIN STATEMENT SET.");
                }
                openStatementSet = null;
                break;
            case QUERY:
                throw rejected(statement,
                        "A query on its own has no sink, so it cannot be part of a job; write its result with "
                                + "INSERT INTO <table> SELECT … (a 'print' or 'blackhole' table will do for a test).");
            case SEPARATE_JOB:
                throw rejected(statement,
                        "This statement would submit a job of its own; a flinkstack SQL job runs its INSERT "
                                + "statements as one job, so it cannot run here.");
            default:
                throw new IllegalStateException("unhandled statement kind " + kind);
        }
    }

    private void executeNow(SqlStatement statement) {
        TableResult result;
        try {
            result = tableEnvironment.executeSql(statement.textForFlink());
        } catch (RuntimeException e) {
            throw SqlScriptException.atStatement(statement, script.size(), e);
        }
        // SHOW / DESCRIBE / EXPLAIN answer with rows: print them, the job's log is where users look.
        if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
            result.print();
        }
    }

    private void runConfigStatement(SqlStatement statement, Runnable action) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw rejected(statement, e.getMessage());
        }
    }

    /**
     * With {@code planAlone}, plans the INSERT on its own before adding it to the job: planning creates
     * its source and sink, so a wrong connector option fails here, naming this statement, rather than
     * at submission, where the failure could not say which INSERT it came from.
     */
    private void addToJob(SqlStatement statement, boolean planAlone) {
        try {
            if (planAlone) {
                tableEnvironment.createStatementSet().addInsertSql(statement.textForFlink()).explain();
            }
            job.addInsertSql(statement.textForFlink());
        } catch (RuntimeException e) {
            throw SqlScriptException.atStatement(statement, script.size(), e);
        }
        jobStatements.add(statement);
    }

    private ScriptOutcome submit() {
        TableResult result;
        try {
            result = job.execute();
        } catch (RuntimeException e) {
            throw SqlScriptException.atSubmission(jobStatements, e);
        }
        return new ScriptOutcome(script.size(), jobStatements.size(), result.getJobClient());
    }

    private SqlScriptException rejected(SqlStatement statement, String problem) {
        return SqlScriptException.atStatement(statement, script.size(), problem, null);
    }
}
