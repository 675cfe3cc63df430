package io.flinkstack.sqlrunner;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at the semicolons that are SQL, not at those inside string
 * literals, quoted identifiers or comments (see {@link SqlTokenizer}). Pieces that hold only comments
 * or whitespace (";;", a trailing comment) are not statements and get no number.
 */
final class SqlScriptSplitter {

    private SqlScriptSplitter() {}

    static List<SqlStatement> split(String script) {
        LinePositions positions = new LinePositions(script);
        List<SqlStatement> statements = new ArrayList<>();
        int codeStart = -1;
        int codeEnd = -1;
        for (SqlTokenizer.Token token : SqlTokenizer.tokenize(script)) {
            if (token.type() == SqlTokenizer.Type.SEMICOLON) {
                addIfCode(statements, script, positions, codeStart, codeEnd);
                codeStart = -1;
            } else if (token.isCode()) {
                if (codeStart < 0) {
                    codeStart = token.start();
                }
                codeEnd = token.end();
            }
        }
        addIfCode(statements, script, positions, codeStart, codeEnd);
        return List.copyOf(statements);
    }

    private static void addIfCode(
            List<SqlStatement> statements, String script, LinePositions positions, int start, int end) {
        if (start < 0) {
            return;
        }
        statements.add(
                new SqlStatement(
                        statements.size() + 1,
                        script.substring(start, end),
                        positions.lineOf(start),
                        positions.columnOf(start)));
    }

    /** 1-based line and column of an offset in the script. */
    private static final class LinePositions {
        private final List<Integer> lineStarts = new ArrayList<>();

        LinePositions(String text) {
            lineStarts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lineStarts.add(i + 1);
                }
            }
        }

        int lineOf(int offset) {
            int low = 0;
            int high = lineStarts.size() - 1;
            while (low < high) {
                int middle = (low + high + 1) / 2;
                if (lineStarts.get(middle) <= offset) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            return low + 1;
        }

        int columnOf(int offset) {
            return offset - lineStarts.get(lineOf(offset) - 1) + 1;
        }
    }
}
