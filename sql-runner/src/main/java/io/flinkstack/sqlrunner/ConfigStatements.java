package io.flinkstack.sqlrunner;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableConfig;

/**
 * Runs SET and RESET, as the SQL client does: {@code TableEnvironment.executeSql} rejects them, they
 * are session commands of the client and the gateway. A value set here is in the table configuration,
 * which the planner reads and which configures the job when it is submitted (parallelism, checkpoints,
 * {@code pipeline.name}, {@code table.*} options …).
 */
final class ConfigStatements {

    private final TableConfig config;
    private final Set<String> keysSetByScript = new LinkedHashSet<>();

    ConfigStatements(TableConfig config) {
        this.config = config;
    }

    /**
     * {@code SET 'key' = 'value'} sets a key; a bare {@code SET} prints what the script has set.
     *
     * @throws IllegalArgumentException when the statement is not of one of these forms
     */
    void set(SqlStatement statement) {
        List<String> operands = operandsAfterKeyword(statement);
        if (operands.isEmpty()) {
            Map<String, String> sorted = new TreeMap<>(config.getConfiguration().toMap());
            sorted.forEach((key, value) -> System.out.println("'" + key + "' = '" + value + "'"));
            return;
        }
        if (operands.size() != 3 || !isStringLiteral(operands.get(0)) || !operands.get(1).equals("=")
                || !isStringLiteral(operands.get(2))) {
            throw new IllegalArgumentException("SET takes the form SET 'key' = 'value' (both quoted).");
        }
        String key = unquote(operands.get(0));
        config.set(key, unquote(operands.get(2)));
        keysSetByScript.add(key);
    }

    /**
     * {@code RESET 'key'} removes a key the script set; a bare {@code RESET} removes all of them.
     *
     * @throws IllegalArgumentException when the statement is not of one of these forms
     */
    void reset(SqlStatement statement) {
        List<String> operands = operandsAfterKeyword(statement);
        if (operands.isEmpty()) {
            keysSetByScript.forEach(config.getConfiguration()::removeKey);
            keysSetByScript.clear();
            return;
        }
        if (operands.size() != 1 || !isStringLiteral(operands.get(0))) {
            throw new IllegalArgumentException("RESET takes the form RESET 'key' (quoted), or RESET alone.");
        }
        String key = unquote(operands.get(0));
        config.getConfiguration().removeKey(key);
        keysSetByScript.remove(key);
    }

    /** The code tokens after SET / RESET, as text. */
    private static List<String> operandsAfterKeyword(SqlStatement statement) {
        String sql = statement.text();
        return SqlTokenizer.tokenize(sql).stream()
                .filter(SqlTokenizer.Token::isCode)
                .skip(1)
                .map(token -> token.text(sql))
                .collect(Collectors.toList());
    }

    private static boolean isStringLiteral(String token) {
        return token.length() >= 2 && token.startsWith("'") && token.endsWith("'");
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1).replace("''", "'");
    }
}
