package io.flinkstack.sqlrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The script failed. The message names the statement (number, line, first line) and carries Flink's
 * own message; main throws it so that Flink's application mode marks the application as failed.
 */
public final class SqlScriptException extends RuntimeException {

    private static final String NOTHING_SUBMITTED =
            "Nothing was submitted: the script's INSERT statements run only when every statement succeeded.";

    private final int statementNumber;

    private SqlScriptException(String message, int statementNumber, Throwable cause) {
        super(message, cause);
        this.statementNumber = statementNumber;
    }

    /** The 1-based number of the failing statement; 0 when the failure belongs to no single statement. */
    public int statementNumber() {
        return statementNumber;
    }

    /** Flink (or the runner, when {@code flinkError} is null) rejected this statement. */
    static SqlScriptException atStatement(
            SqlStatement statement, int statementCount, String problem, Throwable flinkError) {
        String message = String.format(
                "SQL script failed at statement %d of %d (line %d): %s%n%s%n%s",
                statement.number(),
                statementCount,
                statement.line(),
                statement.firstLine(),
                problem,
                NOTHING_SUBMITTED);
        return new SqlScriptException(message, statement.number(), flinkError);
    }

    static SqlScriptException atStatement(SqlStatement statement, int statementCount, Throwable flinkError) {
        return atStatement(statement, statementCount, "Flink: " + describe(flinkError), flinkError);
    }

    /** A problem of the script as a whole, e.g. no INSERT at all. */
    static SqlScriptException ofScript(String problem) {
        return new SqlScriptException("SQL script failed: " + problem, 0, null);
    }

    /** Every statement was accepted, but submitting the job failed. */
    static SqlScriptException atSubmission(List<SqlStatement> pipeline, Throwable flinkError) {
        String numbers = pipeline.stream()
                .map(statement -> String.valueOf(statement.number()))
                .collect(Collectors.joining(", "));
        String message = String.format(
                "SQL script failed when submitting its job (statements %s):%nFlink: %s", numbers, describe(flinkError));
        return new SqlScriptException(message, 0, flinkError);
    }

    /**
     * Flink's message and those of its causes, each once: Flink wraps errors several times
     * ("SQL validation failed. … Object 'x' not found" around "Object 'x' not found"), and the
     * innermost message is often the one that says what to fix.
     */
    static String describe(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = error; cause != null && messages.size() < 8; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage().strip();
            boolean alreadySaid = messages.stream().anyMatch(said -> said.contains(message));
            if (!alreadySaid) {
                messages.add(message);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return String.join(System.lineSeparator() + "  caused by: ", messages);
    }
}
