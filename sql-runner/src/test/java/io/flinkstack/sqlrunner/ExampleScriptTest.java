package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example cannot run here (no Kafka, no database), but a dry run plans it with the real
 * Kafka and JDBC connector factories: every statement parses, the query validates against the tables,
 * and every connector option is one the connector knows.
 */
class ExampleScriptTest {

    private static final Path EXAMPLE = Path.of("examples", "kafka-to-jdbc.sql");

    @BeforeAll
    static void connectorsOnTheClasspath() {
        // The Kafka and JDBC connectors are test dependencies for Flink 1.20 only (-Pflink2 has none).
        assumeTrue(hasConnector("kafka") && hasConnector("jdbc"), "Kafka and JDBC connectors on the classpath");
    }

    @Test
    void kafkaToJdbcExamplePassesADryRun() throws Exception {
        ScriptOutcome outcome = SqlRunner.run("--file", EXAMPLE.toString(), "--dry-run");

        assertThat(outcome.job()).isEmpty();
        assertThat(outcome.statementCount()).isEqualTo(6);
        assertThat(outcome.pipelineStatementCount()).isEqualTo(1);
    }

    @Test
    void aWrongOptionInTheExampleWouldFailItsDryRun(@TempDir Path dir) throws Exception {
        String broken = Files.readString(EXAMPLE).replace("'sink.buffer-flush.interval'", "'sink.buffer-flush.intervall'");
        Path script = Files.writeString(dir.resolve("broken.sql"), broken);

        assertThatThrownBy(() -> SqlRunner.run("--file", script.toString(), "--dry-run"))
                .hasMessageContaining("statement 6 of 6")
                .hasMessageContaining("INSERT INTO page_views_per_minute")
                .hasMessageContaining("sink.buffer-flush.intervall");
    }

    private static boolean hasConnector(String identifier) {
        try {
            FactoryUtil.discoverFactory(ExampleScriptTest.class.getClassLoader(), DynamicTableFactory.class, identifier);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
