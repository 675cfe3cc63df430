package io.flinkstack.sqlrunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The program arguments: where the script comes from, and whether to only validate it. */
final class RunnerArguments {

    static final String USAGE = String.join("\n",
            "usage: SqlRunner (--file <path.sql> | --sql <statements>) [--dry-run]",
            "  --file <path>   read the SQL script from this file (UTF-8)",
            "  --sql <text>    the SQL script itself, all statements in one argument",
            "  --dry-run       parse, validate and plan every statement; submit nothing");

    private final Path file;
    private final String inlineSql;
    private final boolean dryRun;

    private RunnerArguments(Path file, String inlineSql, boolean dryRun) {
        this.file = file;
        this.inlineSql = inlineSql;
        this.dryRun = dryRun;
    }

    static RunnerArguments parse(String... args) {
        Path file = null;
        String sql = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--file")) {
                file = Path.of(valueOf(args, ++i, "--file"));
            } else if (args[i].equals("--sql")) {
                sql = valueOf(args, ++i, "--sql");
            } else if (args[i].equals("--dry-run")) {
                dryRun = true;
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        if ((file == null) == (sql == null)) {
            throw new IllegalArgumentException("give exactly one of --file and --sql\n" + USAGE);
        }
        return new RunnerArguments(file, sql, dryRun);
    }

    boolean dryRun() {
        return dryRun;
    }

    String readScript() throws IOException {
        return file == null ? inlineSql : Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String valueOf(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }
}
