package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.api.TableConfig;
import org.junit.jupiter.api.Test;

class ConfigStatementsTest {

    private final TableConfig config = TableConfig.getDefault();
    private final ConfigStatements statements = new ConfigStatements(config);

    private static SqlStatement statement(String sql) {
        return SqlScriptSplitter.split(sql).get(0);
    }

    @Test
    void setStoresTheUnquotedValue() {
        statements.set(statement("SET 'pipeline.name' = 'it''s; a job'"));
        statements.set(statement("set /* why */ 'parallelism.default'='3'"));

        assertThat(config.getConfiguration().toMap())
                .containsEntry("pipeline.name", "it's; a job")
                .containsEntry("parallelism.default", "3");
    }

    @Test
    void resetRemovesOneKeyOrAllTheScriptSet() {
        statements.set(statement("SET 'a.b' = '1'"));
        statements.set(statement("SET 'c.d' = '2'"));
        statements.set(statement("SET 'e.f' = '3'"));

        statements.reset(statement("RESET 'a.b'"));
        assertThat(config.getConfiguration().toMap()).doesNotContainKey("a.b").containsKeys("c.d", "e.f");

        statements.reset(statement("RESET"));
        assertThat(config.getConfiguration().toMap()).doesNotContainKeys("c.d", "e.f");
    }

    @Test
    void refusesOtherForms() {
        assertThatThrownBy(() -> statements.set(statement("SET parallelism.default = 3")))
                .hasMessageContaining("SET 'key' = 'value'");
        assertThatThrownBy(() -> statements.set(statement("SET 'a' 'b'"))).hasMessageContaining("SET 'key' = 'value'");
        assertThatThrownBy(() -> statements.reset(statement("RESET a"))).hasMessageContaining("RESET 'key'");
    }
}
