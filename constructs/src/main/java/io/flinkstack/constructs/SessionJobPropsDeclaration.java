package io.flinkstack.constructs;

import io.flinkstack.props.Props;
import java.util.List;

/** A jar job on a {@link FlinkSessionCluster}: build it with {@link SessionJob.Builder} or {@code builder()}. */
@Props
final class SessionJobPropsDeclaration extends SessionClusterJobPropsDeclaration {
  /** Where the job jar is: {@code https://…} (standalone backend) or any scheme the operator fetches (required). */
  String jarUri;

  /**
   * The SHA-256 digest of the jar at {@code jarUri}, 64 lower-case hex digits (e.g. the output of
   * {@code sha256sum job.jar}): the runtime controller refuses a downloaded jar with another digest. Standalone
   * backend only (the operator fetches its jars itself and checks no digest).
   *
   * @default none: the jar is not checked and the runtime controller records a {@code JarDigestMissing} warning
   */
  String jarSha256;

  /**
   * A Secret, in the job's namespace, holding credentials for downloading {@code jarUri}: the runtime controller sends
   * the value of {@link SessionJobProps#getJarCredentialsKey()} as the {@code Authorization} header (a bare token as
   * {@code Bearer <token>}, a value with a space as it is), to jarUri's host only, never across a redirect to another
   * host. Create the Secret yourself (it is not part of the chart, so the token is not in the synthesized YAML).
   * Standalone backend only.
   *
   * @default none: no credentials are sent (a token can still be in the URI, stored in clear in the FlinkJob)
   */
  String jarCredentialsSecretName;

  /**
   * The key of {@link SessionJobProps#getJarCredentialsSecretName()} whose value is sent; required with it.
   *
   * @default none
   */
  String jarCredentialsKey;

  /**
   * The job's main class.
   *
   * @default the jar manifest's Main-Class
   */
  String entryClass;

  /**
   * Program arguments of the job's main method.
   *
   * @default none
   */
  List<String> args = List.of();
}
