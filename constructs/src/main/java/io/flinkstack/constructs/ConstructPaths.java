package io.flinkstack.constructs;

import software.constructs.Construct;

/** Construct paths for messages, computed only when a message needs one (each costs JSII round trips). */
final class ConstructPaths {
  private ConstructPaths() {}

  /** The path a construct with {@code id} under {@code scope} has (or would have). */
  static String of(Construct scope, String id) {
    String parent = scope.getNode().getPath();
    return parent.isEmpty() ? id : parent + "/" + id;
  }
}
