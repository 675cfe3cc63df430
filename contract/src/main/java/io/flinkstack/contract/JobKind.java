package io.flinkstack.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What runs a declared job: an application cluster's own job, or a session job from a jar or from SQL statements
 * (run by the bundled SQL runner). Declarations carry {@link #toString()}: {@code application}, {@code jar},
 * {@code sql}.
 */
public enum JobKind {
  /** The job of an application cluster, started by its JobManager. */
  APPLICATION,
  /** A session job submitted from a jar. */
  JAR,
  /** A session job of SQL statements, submitted with the bundled SQL runner. */
  SQL;

  /** The wire spelling: {@code application}, {@code jar}, {@code sql}. */
  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
