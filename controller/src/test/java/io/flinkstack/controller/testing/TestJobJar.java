package io.flinkstack.controller.testing;

import io.flinkstack.testjob.SequenceJobJar;
import java.nio.file.Path;

/** The test job (module testjob) as a jar to upload through REST. */
public final class TestJobJar {
  private TestJobJar() {}

  public static Path build(Path directory) {
    return SequenceJobJar.build(directory);
  }
}
