package io.flinkstack.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.cdk8s.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docs that work when pasted: every ```java block in README.md and docs/ is compiled against the real
 * constructs, and the ones that build a construct are run and synthesized. A block that starts with '.' is
 * a builder fragment: it is run on a minimal FlinkApplication builder.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final String IMPORTS = String.join("\n",
      "import io.flinkstack.constructs.*;",
      "import io.flinkstack.constructs.synth.*;",
      "import io.flinkstack.contract.DesiredState;",
      "import io.flinkstack.contract.FlinkVersion;",
      "import io.flinkstack.contract.UpgradeMode;",
      "import io.fabric8.kubernetes.api.model.*;",
      "import org.cdk8s.App;",
      "import org.cdk8s.Chart;",
      "import java.util.*;", "");

  record Snippet(String source, int index, String code) {}

  static List<Snippet> snippets() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Snippet> snippets = new ArrayList<>();
    for (Path f : files) {
      Matcher m = BLOCK.matcher(Files.readString(f));
      int i = 0;
      while (m.find()) {
        snippets.add(new Snippet(ROOT.relativize(f).toString(), i++, m.group(1)));
      }
    }
    return snippets;
  }

  /** A class whose static {@code run(App)} executes the snippet in a chart of its own. */
  static String wrap(Snippet s, String className) {
    String code = s.code().strip();
    String body;
    if (code.contains("new App()")) {
      // A whole program: compile it as the body of main, but do not let it write dist/.
      body = code.replace("app.synth();", "");
      return IMPORTS + "public class " + className + " { public static void run(App ignored) {\n" + body + "\n} }";
    }
    if (code.replaceAll("(?m)^\\s*//.*\\n", "").startsWith(".")) {
      body = "FlinkApplication.Builder.create(chart, \"snippet\").image(\"flink:2.1\")"
          + ".jarUri(\"local:///opt/flink/usrlib/job.jar\").taskSlots(2)\n" + code.replaceAll("(?m)^\\s*//.*$", "")
          + "\n.build();";
    } else {
      body = code;
    }
    return IMPORTS + "public class " + className + " { public static void run(App app) {\n"
        + "Chart chart = new Chart(app, \"" + className.toLowerCase() + "\");\n" + body + "\n} }";
  }

  @Test
  void everyJavaSnippetCompilesAndSynthesizes(@TempDir Path out) throws Exception {
    List<Snippet> snippets = snippets();
    assertThat(snippets).as("snippets found").hasSizeGreaterThan(5);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<SimpleJavaFileObject> sources = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      String name = "Snippet" + i;
      String text = wrap(snippets.get(i), name);
      classes.add(name);
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), SimpleJavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return text;
        }
      });
    }
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringWriter diagnostics = new StringWriter();
    boolean ok = compiler.getTask(diagnostics, null, null,
        List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"), null, sources).call();
    assertThat(ok).as("snippets compile:\n%s\n%s", diagnostics, describe(snippets)).isTrue();

    List<URL> urls = new ArrayList<>(List.of(out.toUri().toURL()));
    for (String entry : classpath.split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader())) {
      App app = new App();
      for (int i = 0; i < classes.size(); i++) {
        Method run = loader.loadClass(classes.get(i)).getMethod("run", App.class);
        try {
          run.invoke(null, app);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw new AssertionError("snippet " + snippets.get(i).source() + " #" + snippets.get(i).index()
              + " fails: " + e.getCause(), e.getCause());
        }
      }
      List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
      assertThat(manifests).isNotEmpty().allSatisfy(m -> assertThat(m.objects()).isPositive());
    }
  }

  private static String describe(List<Snippet> snippets) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < snippets.size(); i++) {
      sb.append("Snippet").append(i).append(" = ").append(snippets.get(i).source()).append(" #")
          .append(snippets.get(i).index()).append('\n');
    }
    return sb.toString();
  }
}
