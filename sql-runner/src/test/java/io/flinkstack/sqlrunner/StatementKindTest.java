package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementKindTest {

    private static StatementKind kindOf(String sql) {
        return StatementKind.of(SqlScriptSplitter.split(sql).get(0));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CREATE TABLE t (a INT, b AS a + 1, ts AS PROCTIME()) WITH ('connector' = 'datagen') | EXECUTE_NOW
            CREATE VIEW v AS SELECT 1                                                            | EXECUTE_NOW
            CREATE FUNCTION f AS 'com.example.F'                                                  | EXECUTE_NOW
            create table t with ('connector' = 'blackhole') as select 1                          | CREATE_TABLE_AS
            CREATE OR REPLACE TABLE t AS SELECT * FROM s                                          | CREATE_TABLE_AS
            REPLACE TABLE t AS SELECT * FROM s                                                    | CREATE_TABLE_AS
            DROP TABLE t                                                                          | EXECUTE_NOW
            USE CATALOG c                                                                         | EXECUTE_NOW
            SHOW TABLES                                                                           | EXECUTE_NOW
            EXPLAIN SELECT 1                                                                      | EXECUTE_NOW
            SET 'parallelism.default' = '2'                                                       | SET
            RESET                                                                                 | RESET
            insert into t select 1                                                                | INSERT
            INSERT OVERWRITE t SELECT 1                                                           | INSERT
            -- a comment first\\nINSERT INTO t SELECT 1                                          | INSERT
            EXECUTE INSERT INTO t SELECT 1                                                        | INSERT
            BEGIN STATEMENT SET                                                                   | BEGIN_STATEMENT_SET
            EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1                                    | EXECUTE_STATEMENT_SET_BEGIN
            END                                                                                   | END_STATEMENT_SET
            SELECT * FROM t                                                                       | QUERY
            WITH x AS (SELECT 1) SELECT * FROM x                                                  | QUERY
            VALUES (1)                                                                            | QUERY
            (SELECT 1) UNION (SELECT 2)                                                           | QUERY
            EXECUTE PLAN '/tmp/plan.json'                                                         | SEPARATE_JOB
            COMPILE AND EXECUTE PLAN '/tmp/plan.json' FOR INSERT INTO t SELECT 1                  | SEPARATE_JOB
            COMPILE PLAN '/tmp/plan.json' FOR INSERT INTO t SELECT 1                              | EXECUTE_NOW
            """)
    void classifiesByLeadingKeywords(String sql, StatementKind expected) {
        assertThat(kindOf(sql.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INSERT          | true
            CREATE_TABLE_AS | true
            EXECUTE_NOW     | false
            SET             | false
            QUERY           | false
            """)
    void onlyInsertsAndCtasArePartOfTheJob(StatementKind kind, boolean partOfJob) {
        assertThat(kind.isPartOfJob()).isEqualTo(partOfJob);
    }
}
