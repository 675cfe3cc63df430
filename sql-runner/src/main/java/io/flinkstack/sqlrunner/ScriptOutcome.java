package io.flinkstack.sqlrunner;

import java.util.Optional;
import org.apache.flink.core.execution.JobClient;

/**
 * What a successful run did: how many statements it ran, how many of them form the job, and the
 * submitted job (none after a dry run).
 */
public final class ScriptOutcome {

    private final int statementCount;
    private final int pipelineStatementCount;
    private final JobClient job;

    ScriptOutcome(int statementCount, int pipelineStatementCount, Optional<JobClient> job) {
        this.statementCount = statementCount;
        this.pipelineStatementCount = pipelineStatementCount;
        this.job = job.orElse(null);
    }

    static ScriptOutcome validated(int statementCount, int pipelineStatementCount) {
        return new ScriptOutcome(statementCount, pipelineStatementCount, Optional.empty());
    }

    /** Statements in the script. */
    public int statementCount() {
        return statementCount;
    }

    /** Statements that form the job: INSERTs and CREATE TABLE … AS SELECT. */
    public int pipelineStatementCount() {
        return pipelineStatementCount;
    }

    /** The submitted job; empty after a dry run. */
    public Optional<JobClient> job() {
        return Optional.ofNullable(job);
    }

    String summary() {
        String statements = statementCount + " statements, " + pipelineStatementCount + " INSERT";
        return job().map(client -> "flinkstack sql-runner: " + statements + " submitted as job " + client.getJobID())
                .orElse("flinkstack sql-runner: dry run passed: " + statements + " planned, nothing submitted");
    }
}
