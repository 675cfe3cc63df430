package io.flinkstack.sqlrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the runner does with a statement, decided from its keywords before Flink sees it: only the
 * statements that become part of the job wait for the end of the script; everything else runs at once.
 */
enum StatementKind {
    /** DDL, USE, SHOW, DESCRIBE, EXPLAIN, LOAD MODULE, ADD JAR …: executed by Flink at once. */
    EXECUTE_NOW,
    /** {@code SET 'key' = 'value'}: executed at once by the runner (TableEnvironment does not run SET). */
    SET,
    /** {@code RESET 'key'}: likewise. */
    RESET,
    /** INSERT INTO / INSERT OVERWRITE: one part of the script's single job. */
    INSERT,
    /** CREATE [OR REPLACE] TABLE … AS SELECT: creates its table and, like an INSERT, is part of the job. */
    CREATE_TABLE_AS,
    /** {@code BEGIN STATEMENT SET} (SQL client syntax): opens a block of INSERTs. */
    BEGIN_STATEMENT_SET,
    /** {@code EXECUTE STATEMENT SET BEGIN INSERT …}: opens a block and holds its first INSERT. */
    EXECUTE_STATEMENT_SET_BEGIN,
    /** {@code END}: closes a statement set block. */
    END_STATEMENT_SET,
    /** SELECT, WITH, VALUES: a query has no sink, so in a job it would compute into nothing. */
    QUERY,
    /** EXECUTE PLAN, COMPILE AND EXECUTE PLAN …: would submit a job of its own, at once. */
    SEPARATE_JOB;

    /** Whether the statement becomes part of the script's job (and so waits for the end of the script). */
    boolean isPartOfJob() {
        return this == INSERT || this == CREATE_TABLE_AS;
    }

    /** How many leading words {@link #EXECUTE_STATEMENT_SET_BEGIN} has before its INSERT. */
    static final int EXECUTE_STATEMENT_SET_BEGIN_WORDS = 4;

    static StatementKind of(SqlStatement statement) {
        TopLevelWords words = TopLevelWords.of(statement.text());
        if (words.startWith("EXECUTE", "STATEMENT", "SET", "BEGIN")) {
            return EXECUTE_STATEMENT_SET_BEGIN;
        }
        if (words.are("BEGIN", "STATEMENT", "SET")) {
            return BEGIN_STATEMENT_SET;
        }
        if (words.are("END")) {
            return END_STATEMENT_SET;
        }
        if (words.startWith("INSERT") || words.startWith("EXECUTE", "INSERT")) {
            return INSERT;
        }
        if (isCreateTableAsSelect(words)) {
            return CREATE_TABLE_AS;
        }
        if (words.startWith("SET")) {
            return SET;
        }
        if (words.startWith("RESET")) {
            return RESET;
        }
        if (words.startsWithQuery()) {
            return QUERY;
        }
        if (words.startWith("EXECUTE") || words.startWith("COMPILE", "AND", "EXECUTE")) {
            return SEPARATE_JOB;
        }
        return EXECUTE_NOW;
    }

    /**
     * CTAS/RTAS run a job like an INSERT does. A column's {@code AS} (computed columns) sits inside
     * the parentheses, so a top-level {@code AS} after CREATE/REPLACE TABLE is the query's.
     */
    private static boolean isCreateTableAsSelect(TopLevelWords words) {
        boolean createsTable = words.startWith("CREATE", "TABLE")
                || words.startWith("CREATE", "OR", "REPLACE", "TABLE")
                || words.startWith("REPLACE", "TABLE");
        return createsTable && words.contains("AS");
    }

    /** The statement's words outside parentheses, upper-cased; quoted text and comments are skipped. */
    private static final class TopLevelWords {
        private final List<String> words = new ArrayList<>();
        private boolean startsWithParenthesis;

        static TopLevelWords of(String sql) {
            TopLevelWords result = new TopLevelWords();
            boolean first = true;
            int depth = 0;
            for (SqlTokenizer.Token token : SqlTokenizer.tokenize(sql)) {
                if (!token.isCode()) {
                    continue;
                }
                if (first && token.type() == SqlTokenizer.Type.OPEN_PAREN) {
                    result.startsWithParenthesis = true;
                }
                first = false;
                if (token.type() == SqlTokenizer.Type.OPEN_PAREN) {
                    depth++;
                } else if (token.type() == SqlTokenizer.Type.CLOSE_PAREN) {
                    depth = Math.max(0, depth - 1);
                } else if (token.type() == SqlTokenizer.Type.WORD && depth == 0) {
                    result.words.add(token.text(sql).toUpperCase(Locale.ROOT));
                }
            }
            return result;
        }

        boolean startWith(String... prefix) {
            return words.size() >= prefix.length && words.subList(0, prefix.length).equals(List.of(prefix));
        }

        boolean are(String... all) {
            return words.equals(List.of(all));
        }

        boolean contains(String word) {
            return words.contains(word);
        }

        boolean startsWithQuery() {
            return startsWithParenthesis || startWith("SELECT") || startWith("WITH") || startWith("VALUES");
        }
    }
}
