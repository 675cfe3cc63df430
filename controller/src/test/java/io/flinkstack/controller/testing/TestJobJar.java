package io.flinkstack.controller.testing;

import io.flinkstack.controller.testjob.SequenceJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs the compiled test job ({@code io.flinkstack.controller.testjob}) into a jar to upload through REST. */
public final class TestJobJar {
  private static final String PACKAGE_FOLDER = SequenceJob.class.getPackageName().replace('.', '/');

  private TestJobJar() {}

  public static Path build(Path directory) {
    Path jar = directory.resolve("sequence-job.jar");
    try {
      Files.createDirectories(directory);
      Path classes = Path.of(SequenceJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SequenceJob.class.getName());
      List<Path> classFiles;
      try (Stream<Path> files = Files.walk(classes.resolve(PACKAGE_FOLDER))) {
        classFiles = files.filter(file -> file.toString().endsWith(".class")).sorted().toList();
      }
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (Path classFile : classFiles) {
          out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
          Files.copy(classFile, out);
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
