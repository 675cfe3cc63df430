package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptSplitterTest {

    private static List<String> texts(String script) {
        return SqlScriptSplitter.split(script).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splitsAtSemicolonsAndNumbersTheStatements() {
        List<SqlStatement> statements = SqlScriptSplitter.split("CREATE TABLE a (x INT);\nINSERT INTO a SELECT 1;\n");

        assertThat(statements).extracting(SqlStatement::number).containsExactly(1, 2);
        assertThat(statements).extracting(SqlStatement::text)
                .containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a SELECT 1");
    }

    @Test
    void keepsSemicolonsInsideStringLiterals() {
        assertThat(texts("CREATE TABLE t (a INT) WITH ('csv.field-delimiter' = ';', 'path' = 'a;b'); SELECT 1"))
                .containsExactly("CREATE TABLE t (a INT) WITH ('csv.field-delimiter' = ';', 'path' = 'a;b')",
                        "SELECT 1");
    }

    @Test
    void treatsDoubledQuoteAsAnEscapedQuoteInsideTheLiteral() {
        assertThat(texts("SELECT 'it''s; still one' AS a; SELECT '''';SELECT ''"))
                .containsExactly("SELECT 'it''s; still one' AS a", "SELECT ''''", "SELECT ''");
    }

    @Test
    void backslashEscapesNothingInFlinkSql() {
        // 'C:\' is a complete literal in Flink SQL, so the semicolon after it ends the statement.
        assertThat(texts("SELECT 'C:\\'; SELECT 2")).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void keepsSemicolonsInsideQuotedIdentifiers() {
        assertThat(texts("SELECT `a;b`, \"c;\"\"d\" FROM t; SELECT 2"))
                .containsExactly("SELECT `a;b`, \"c;\"\"d\" FROM t", "SELECT 2");
    }

    @Test
    void ignoresSemicolonsInsideComments() {
        String script = """
                -- a line comment; with a semicolon
                SELECT 1 -- trailing; comment
                  , 2; /* block; comment
                  over lines; */ SELECT /*+ OPTIONS('a'=';') */ 3;
                // another line comment; Flink's parser accepts it too
                SELECT 4
                """;

        assertThat(texts(script)).containsExactly(
                "SELECT 1 -- trailing; comment\n  , 2",
                "SELECT /*+ OPTIONS('a'=';') */ 3",
                "SELECT 4");
    }

    @Test
    void commentMarkersInsideLiteralsAreText() {
        assertThat(texts("SELECT '--;' ; SELECT '/*' ; SELECT '*/'"))
                .containsExactly("SELECT '--;'", "SELECT '/*'", "SELECT '*/'");
    }

    @Test
    void dropsEmptyAndCommentOnlyPiecesWithoutNumberingThem() {
        List<SqlStatement> statements = SqlScriptSplitter.split(";; SELECT 1;  ;\n-- only a comment;\n;SELECT 2;\n-- end");

        assertThat(statements).extracting(SqlStatement::text).containsExactly("SELECT 1", "SELECT 2");
        assertThat(statements).extracting(SqlStatement::number).containsExactly(1, 2);
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertThat(texts("SELECT 1;\nSELECT 2\n")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void scriptWithoutCodeHasNoStatements() {
        assertThat(texts("")).isEmpty();
        assertThat(texts("  \n-- nothing\n/* here */ ;")).isEmpty();
    }

    @Test
    void unterminatedLiteralRunsToTheEndSoFlinkReportsIt() {
        assertThat(texts("SELECT 1; SELECT 'open; SELECT 3;")).containsExactly("SELECT 1", "SELECT 'open; SELECT 3;");
    }

    @Test
    void recordsWhereEachStatementStarts() {
        List<SqlStatement> statements = SqlScriptSplitter.split("-- header\n\nSELECT 1;   SELECT\n 2;\r\n  /* c */ SELECT 3");

        assertThat(statements).extracting(SqlStatement::line).containsExactly(3, 3, 5);
        assertThat(statements).extracting(SqlStatement::column).containsExactly(1, 13, 11);
    }

    @Test
    void textForFlinkKeepsScriptPositions() {
        SqlStatement second = SqlScriptSplitter.split("SELECT 1;\n  SELECT 2").get(1);

        assertThat(second.textForFlink()).isEqualTo("\n  SELECT 2");
    }

    @Test
    void firstLineNamesTheStatementShortly() {
        SqlStatement statement = SqlScriptSplitter.split("INSERT INTO t\nSELECT * FROM s").get(0);
        SqlStatement longOne = SqlScriptSplitter.split("SELECT '" + "x".repeat(300) + "'").get(0);

        assertThat(statement.firstLine()).isEqualTo("INSERT INTO t");
        assertThat(longOne.firstLine()).hasSize(120).endsWith("…");
    }

    @Test
    void withoutLeadingWordsMovesThePositionToTheRest() {
        SqlStatement block = SqlScriptSplitter.split("\nEXECUTE STATEMENT SET\n BEGIN  INSERT INTO t SELECT 1").get(0);

        SqlStatement insert = block.withoutLeadingWords(4);

        assertThat(insert.text()).isEqualTo("INSERT INTO t SELECT 1");
        assertThat(insert.number()).isEqualTo(1);
        assertThat(insert.line()).isEqualTo(3);
        assertThat(insert.column()).isEqualTo(9);
    }
}
