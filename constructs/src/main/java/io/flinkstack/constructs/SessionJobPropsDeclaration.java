package io.flinkstack.constructs;

import io.flinkstack.props.Props;
import java.util.List;

/** A jar job on a {@link FlinkSessionCluster}: build it with {@link SessionJob.Builder} or {@code builder()}. */
@Props
final class SessionJobPropsDeclaration extends SessionClusterJobPropsDeclaration {
  /** Where the job jar is: {@code https://…} (standalone backend) or any scheme the operator fetches (required). */
  String jarUri;

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
