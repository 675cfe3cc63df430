package io.flinkstack.cli.starter;

import io.flinkstack.cli.Folders;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.contract.FlinkVersion;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.cdk8s.App;
import software.amazon.jsii.JsiiObject;
import software.constructs.Construct;

/**
 * The approved manifests of a new project: its {@code Main.java}, exactly as written into the project, compiled with
 * the JDK's compiler against the constructs this CLI carries, its {@code define(App)} run, and the app synthesized by
 * {@link AppSynthesizer} (what the project's test compares with). Compiling the very text the project gets, rather than
 * keeping a second definition of the same app in Java, means the approved files cannot drift from the source; the
 * project's own test run proves they agree ({@code .ci/team-project-check}).
 */
public final class StarterSnapshots {
  private StarterSnapshots() {}

  /**
   * The project's charts, in cdk8s' order; empty when this Java runtime has no compiler (a JRE), in which case the
   * project's first test run writes them for review.
   *
   * @param packageName the package of {@code Main}
   * @param mainSource {@code Main.java} as written into the project ({@link Starter#mainSource})
   */
  public static Optional<List<ChartManifest>> of(String packageName, String mainSource) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      return Optional.empty();
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("flinkstack-init-");
      Path source = work.resolve("src").resolve(packageName.replace('.', '/')).resolve("Main.java");
      Files.createDirectories(source.getParent());
      Files.writeString(source, mainSource, StandardCharsets.UTF_8);
      Path classes = Files.createDirectories(work.resolve("classes"));
      StringWriter diagnostics = new StringWriter();
      int status = compile(compiler, source, classes, diagnostics);
      if (status != 0) {
        throw new IllegalStateException("the starter's Main.java does not compile (a flinkstack bug; please report"
            + " it):\n" + diagnostics);
      }
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
          StarterSnapshots.class.getClassLoader())) {
        Method define = Class.forName(packageName + ".Main", true, loader).getMethod("define", App.class);
        App app = new App();
        define.invoke(null, app);
        return Optional.of(AppSynthesizer.synthesize(app));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    } finally {
      delete(work);
    }
  }

  /** {@code approved/<chart>.approved.yaml}, as flinkstack-testing's {@code Settings.inDirectory} names them. */
  public static String approvedPath(ChartManifest manifest) {
    return Starter.APPROVED + "/" + manifest.file().replaceFirst("\\.k8s\\.yaml$", "") + ".approved.yaml";
  }

  private static int compile(JavaCompiler compiler, Path source, Path classes, StringWriter diagnostics) {
    List<String> args = List.of("-classpath", classpath(), "-d", classes.toString(), "--release", "17", "-proc:none",
        "-nowarn", "-encoding", "UTF-8", source.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = compiler.run(null, null, err, args.toArray(String[]::new));
    diagnostics.write(err.toString(StandardCharsets.UTF_8));
    return status;
  }

  /**
   * This JVM's class path, and the jars or folders the classes {@code Main} uses come from: under {@code java -jar}
   * both are the CLI jar; in a test run the class path may be a manifest-only jar, whose Class-Path javac follows too.
   */
  private static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> anchor : List.of(FlinkApplication.class, FlinkVersion.class, App.class, Construct.class,
        JsiiObject.class)) {
      CodeSource code = anchor.getProtectionDomain().getCodeSource();
      if (code != null && code.getLocation() != null) {
        try {
          entries.add(Path.of(code.getLocation().toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          // not a file location: the class path below has to do
        }
      }
    }
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, new ArrayList<>(entries));
  }

  private static void delete(Path dir) {
    try {
      Folders.delete(dir);
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing init for
    }
  }
}
