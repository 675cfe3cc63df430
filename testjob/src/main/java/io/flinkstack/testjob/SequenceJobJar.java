package io.flinkstack.testjob;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The job as a jar to upload through REST or to put where a synthesized JobManager expects its user jar.
 * From a build's class folder it packs this package (with {@link SequenceJob} as Main-Class); from this
 * module's jar it copies it.
 */
public final class SequenceJobJar {
  private static final String PACKAGE_FOLDER = SequenceJob.class.getPackageName().replace('.', '/');

  private SequenceJobJar() {}

  /** Writes {@code sequence-job.jar} into {@code directory} and returns it. */
  public static Path build(Path directory) {
    Path jar = directory.resolve("sequence-job.jar");
    try {
      Files.createDirectories(directory);
      Path source = Path.of(SequenceJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(source)) {
        Files.copy(source, jar, StandardCopyOption.REPLACE_EXISTING);
        return jar;
      }
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SequenceJob.class.getName());
      List<Path> classFiles;
      try (Stream<Path> files = Files.walk(source.resolve(PACKAGE_FOLDER))) {
        classFiles = files.filter(file -> file.toString().endsWith(".class")).sorted().toList();
      }
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (Path classFile : classFiles) {
          out.putNextEntry(new JarEntry(source.relativize(classFile).toString().replace('\\', '/')));
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
