package io.flinkstack.sqlrunner;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into coarse tokens: just enough to find where statements end and which keywords lead
 * them. It knows Flink SQL's lexical rules that can hide a semicolon: string literals ({@code 'a;b'},
 * with {@code ''} as the escaped quote; a backslash escapes nothing in Flink SQL), quoted identifiers
 * ({@code `a;b`}, {@code "a;b"}, each with its doubled quote as escape) and comments ({@code -- …},
 * {@code // …} and {@code /* … *&#47;}, hints {@code /*+ … *&#47;} included).
 *
 * <p>Flink's public API has no script splitter (the SQL client's and the SQL gateway's live in jars
 * that a Flink image does not put on the classpath), so this is the runner's own; Flink's parser
 * still parses every statement it finds.
 */
final class SqlTokenizer {

    enum Type {
        WORD,
        QUOTED,
        COMMENT,
        WHITESPACE,
        SEMICOLON,
        OPEN_PAREN,
        CLOSE_PAREN,
        SYMBOL
    }

    /** A token: its type and where it is in the text ([start, end)). */
    static final class Token {
        private final Type type;
        private final int start;
        private final int end;

        Token(Type type, int start, int end) {
            this.type = type;
            this.start = start;
            this.end = end;
        }

        Type type() {
            return type;
        }

        int start() {
            return start;
        }

        int end() {
            return end;
        }

        boolean isCode() {
            return type != Type.COMMENT && type != Type.WHITESPACE;
        }

        String text(String sql) {
            return sql.substring(start, end);
        }
    }

    private final String sql;
    private int position;

    private SqlTokenizer(String sql) {
        this.sql = sql;
    }

    static List<Token> tokenize(String sql) {
        return new SqlTokenizer(sql).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (position < sql.length()) {
            int start = position;
            Type type = next();
            tokens.add(new Token(type, start, position));
        }
        return tokens;
    }

    /** Consumes one token starting at {@link #position} and says what it was. */
    private Type next() {
        char c = sql.charAt(position);
        if (c == '\'' || c == '"' || c == '`') {
            skipQuoted(c);
            return Type.QUOTED;
        }
        if (startsWith("--") || startsWith("//")) {
            skipToEndOfLine();
            return Type.COMMENT;
        }
        if (startsWith("/*")) {
            skipBlockComment();
            return Type.COMMENT;
        }
        if (Character.isWhitespace(c)) {
            while (position < sql.length() && Character.isWhitespace(sql.charAt(position))) {
                position++;
            }
            return Type.WHITESPACE;
        }
        if (isWordPart(c)) {
            while (position < sql.length() && isWordPart(sql.charAt(position))) {
                position++;
            }
            return Type.WORD;
        }
        position++;
        switch (c) {
            case ';':
                return Type.SEMICOLON;
            case '(':
                return Type.OPEN_PAREN;
            case ')':
                return Type.CLOSE_PAREN;
            default:
                return Type.SYMBOL;
        }
    }

    /**
     * A quoted run ends at the first quote that is not doubled. An unterminated one runs to the end
     * of the text: Flink's parser then reports it, with its position, for the statement it starts.
     */
    private void skipQuoted(char quote) {
        position++;
        while (position < sql.length()) {
            if (sql.charAt(position) == quote) {
                boolean doubled = position + 1 < sql.length() && sql.charAt(position + 1) == quote;
                position += doubled ? 2 : 1;
                if (!doubled) {
                    return;
                }
            } else {
                position++;
            }
        }
    }

    private void skipToEndOfLine() {
        while (position < sql.length() && sql.charAt(position) != '\n' && sql.charAt(position) != '\r') {
            position++;
        }
    }

    private void skipBlockComment() {
        int end = sql.indexOf("*/", position + 2);
        position = end < 0 ? sql.length() : end + 2;
    }

    private boolean startsWith(String prefix) {
        return sql.startsWith(prefix, position);
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
