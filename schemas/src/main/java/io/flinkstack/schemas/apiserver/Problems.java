package io.flinkstack.schemas.apiserver;

import io.flinkstack.schemas.Violation;
import java.util.List;

/**
 * Where rules report broken fields. All views share one list; a view only decides which {@link Stage} its reports
 * name, so a pod template checked for a StatefulSet reports the same rules as for a Deployment, each saying when
 * Kubernetes would act on it.
 */
final class Problems {
  private final List<Violation> sink;
  private final Stage stage;

  Problems(List<Violation> sink) {
    this(sink, Stage.API_SERVER);
  }

  private Problems(List<Violation> sink, Stage stage) {
    this.sink = sink;
    this.stage = stage;
  }

  /** A view whose reports name {@code stage}. */
  Problems at(Stage stage) {
    return stage == this.stage ? this : new Problems(sink, stage);
  }

  /**
   * Reports a broken field.
   *
   * @param field the offending field, or the unset field that has to be set
   * @param message what is wrong and how to fix it
   */
  void report(Field field, String message) {
    sink.add(new Violation(field.pointer(), message + " (" + stage.description() + ")"));
  }
}
