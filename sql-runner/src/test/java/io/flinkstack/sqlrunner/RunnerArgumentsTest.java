package io.flinkstack.sqlrunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerArgumentsTest {

    @Test
    void readsTheScriptFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("job.sql"), "SELECT 'ä';");

        RunnerArguments arguments = RunnerArguments.parse("--file", file.toString());

        assertThat(arguments.readScript()).isEqualTo("SELECT 'ä';");
        assertThat(arguments.dryRun()).isFalse();
    }

    @Test
    void takesTheScriptInlineAndTheDryRunFlag() throws Exception {
        RunnerArguments arguments = RunnerArguments.parse("--dry-run", "--sql", "SELECT 1; SELECT 2");

        assertThat(arguments.readScript()).isEqualTo("SELECT 1; SELECT 2");
        assertThat(arguments.dryRun()).isTrue();
    }

    @Test
    void refusesNoScriptTwoScriptsAndUnknownArguments() {
        assertThatThrownBy(RunnerArguments::parse).hasMessageContaining("exactly one of --file and --sql");
        assertThatThrownBy(() -> RunnerArguments.parse("--file", "a.sql", "--sql", "SELECT 1"))
                .hasMessageContaining("exactly one of --file and --sql");
        assertThatThrownBy(() -> RunnerArguments.parse("--sql")).hasMessageContaining("--sql needs a value");
        assertThatThrownBy(() -> RunnerArguments.parse("--sql", "SELECT 1", "--dryrun"))
                .hasMessageContaining("unknown argument '--dryrun'")
                .hasMessageContaining("usage: SqlRunner");
    }
}
