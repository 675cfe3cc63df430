package io.flinkstack.sqlrunner;

import java.util.Objects;

/**
 * One statement of a script: its text without the terminating semicolon and without leading or
 * trailing comments, its 1-based number in the script, and where its text starts in the script.
 */
final class SqlStatement {

    private static final int FIRST_LINE_MAX_LENGTH = 120;

    private final int number;
    private final String text;
    private final int line;
    private final int column;

    SqlStatement(int number, String text, int line, int column) {
        this.number = number;
        this.text = Objects.requireNonNull(text);
        this.line = line;
        this.column = column;
    }

    int number() {
        return number;
    }

    String text() {
        return text;
    }

    /** 1-based line of the script where the statement starts. */
    int line() {
        return line;
    }

    /** 1-based column of that line where the statement starts. */
    int column() {
        return column;
    }

    /** The statement's first line, shortened, to name it in messages. */
    String firstLine() {
        int newline = text.indexOf('\n');
        String first = (newline < 0 ? text : text.substring(0, newline)).strip();
        return first.length() <= FIRST_LINE_MAX_LENGTH
                ? first
                : first.substring(0, FIRST_LINE_MAX_LENGTH - 1) + "…";
    }

    /**
     * The text handed to Flink, preceded by blank lines and spaces so that the positions in Flink's
     * messages ("at line 12, column 5") are positions in the script, not in the statement.
     */
    String textForFlink() {
        return "\n".repeat(line - 1) + " ".repeat(column - 1) + text;
    }

    /** This statement without its first {@code count} words, e.g. "EXECUTE STATEMENT SET BEGIN". */
    SqlStatement withoutLeadingWords(int count) {
        int offset = 0;
        int seen = 0;
        for (SqlTokenizer.Token token : SqlTokenizer.tokenize(text)) {
            if (seen == count && token.isCode()) {
                offset = token.start();
                break;
            }
            if (token.type() == SqlTokenizer.Type.WORD) {
                seen++;
            }
            offset = token.end();
        }
        String skipped = text.substring(0, offset);
        int newlines = (int) skipped.chars().filter(c -> c == '\n').count();
        int newColumn = newlines == 0 ? column + offset : offset - skipped.lastIndexOf('\n');
        return new SqlStatement(number, text.substring(offset), line + newlines, newColumn);
    }

    @Override
    public String toString() {
        return "statement " + number + " (line " + line + "): " + firstLine();
    }
}
