package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/** A SQL job on a {@link FlinkSessionCluster}: build it with {@link SqlJob.Builder} or {@code builder()}. */
@Props
final class SqlJobPropsDeclaration extends SessionClusterJobPropsDeclaration {
  /** The SQL script: DDL, SET, and at least one INSERT INTO (required). */
  String statements;

  /**
   * Where the SQL runner jar is; required with the operator backend.
   *
   * @default the runner the runtime controller ships (standalone backend only)
   */
  String runnerJarUri;
}
