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

  /**
   * The SHA-256 digest of the jar at {@code runnerJarUri}, 64 lower-case hex digits, checked by the runtime
   * controller as {@link SessionJobProps#getJarSha256()} is. Standalone backend only; not for the bundled runner.
   *
   * @default none: a {@code runnerJarUri} jar is not checked and the runtime controller records a warning
   */
  String runnerJarSha256;

  /**
   * A Secret, in the job's namespace, holding credentials for downloading {@code runnerJarUri}, sent as
   * {@link SessionJobProps#getJarCredentialsSecretName()} describes. Standalone backend only; not for the bundled
   * runner (the controller uploads it from its own image).
   *
   * @default none: no credentials are sent
   */
  String runnerJarCredentialsSecretName;

  /**
   * The key of {@link SqlJobProps#getRunnerJarCredentialsSecretName()} whose value is sent; required with it.
   *
   * @default none
   */
  String runnerJarCredentialsKey;
}
