package io.flinkstack.props;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor on a small declaration, compiled by javac as Maven compiles the constructs. */
class PropsProcessorTest {
  @TempDir
  Path dir;

  private static final Map<String, String> SOURCES = Map.of(
      "software/constructs/Construct.java", "package software.constructs; public class Construct {}",
      "demo/BasePropsDeclaration.java", """
          package demo;
          import io.flinkstack.props.Prop;
          import io.flinkstack.props.Props;
          /** What every demo has. */
          @Props(isAbstract = true)
          class BasePropsDeclaration {
            public static final int DEFAULT_SIZE = 3;
            /**
             * How many.
             *
             * @default 3
             */
            @Prop(trackSet = true)
            Integer size = DEFAULT_SIZE;
            /** Whether it runs. @default true */
            boolean enabled = true;
            @PropSetterPlaceholder
            static Integer size(String text) { return Integer.valueOf(text); }
          }
          """.replace("@PropSetterPlaceholder", "@io.flinkstack.props.PropSetter"),
      "demo/DemoPropsDeclaration.java", """
          package demo;
          import io.flinkstack.props.Props;
          import java.util.List;
          /** The demo's props. */
          @Props
          final class DemoPropsDeclaration extends BasePropsDeclaration {
            /** Its tags. @default none */
            List<String> tags = List.of();
          }
          """,
      "demo/SettingsDeclaration.java", """
          package demo;
          import io.flinkstack.props.Prop;
          import io.flinkstack.props.Props;
          import java.util.List;
          import java.util.Map;
          /** Settings users pass. */
          @Props(name = "Settings")
          final class SettingsDeclaration {
            public static final String DEFAULT_PATH = "/data";
            /** Where. @default {@value Settings#DEFAULT_PATH} */
            String path = DEFAULT_PATH;
            /** Labels, sorted. */
            @Prop(sorted = true)
            Map<String, String> labels = Map.of();
            /** Who guards it. */
            @Prop(setter = "guardedBy")
            String guard;
            /** The metrics, another generated value type. */
            List<Metric> metrics = List.of();
            /** Settings at {@code path}. */
            static Settings at(String path) {
              return Settings.builder().path(path).build();
            }
          }
          """,
      "demo/MetricDeclaration.java", """
          package demo;
          import io.flinkstack.props.Props;
          /** A metric. */
          @Props(name = "Metric", builder = false)
          final class MetricDeclaration {
            /** Where it comes from. */
            enum Source { PODS, EXTERNAL }
            /** How it is summed. */
            enum Sum {
              /** Every pod's value added. */
              TOTAL,
              AVERAGE
            }
            /** Its source. */
            Source source;
            /** Its name. */
            String name;
            /** A pods metric. */
            static Metric pods(String name) {
              return new Metric(Metric.Source.PODS, name);
            }
          }
          """,
      "demo/Demo.java", """
          package demo;
          import software.constructs.Construct;
          public class Demo {
            public Demo(Construct scope, String id, DemoProps props) {}
            public static final class Builder extends DemoProps.ConstructBuilder<Builder, Demo> {
              private Builder() { super(new Construct(), "demo", Demo::new); }
              static Demo use() {
                DemoProps props = DemoProps.builder().size("4").enabled(false).tags(List.of("a")).build();
                boolean set = props.sizeSet;
                Settings settings = Settings.builder().labels(Map.of("b", "2", "a", "1")).guardedBy("sso")
                    .metrics(List.of(Metric.pods("lag"))).build();
                Metric.Source source = settings.getMetrics().get(0).getSource();
                String path = Settings.at("/x").getPath() + Settings.DEFAULT_PATH + settings.getGuard();
                return new Builder().size(props.getSize()).build();
              }
            }
          }
          """.replace("import software.constructs.Construct;", "import software.constructs.Construct;\nimport java.util.List;\nimport java.util.Map;"));

  private String compile() throws IOException {
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      Path file = dir.resolve("src").resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
    }
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-s", generated.toString(),
        "-classpath", System.getProperty("java.class.path"), "-processor", PropsProcessor.class.getName()));
    try (var files = Files.walk(dir.resolve("src"))) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    int exit = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
    assertThat(exit).as(diagnostics.toString()).isZero();
    return Files.readString(generated.resolve("demo/BaseProps.java")) + Files.readString(generated.resolve("demo/DemoProps.java"))
        + Files.readString(generated.resolve("demo/Settings.java")) + Files.readString(generated.resolve("demo/Metric.java"));
  }

  @Test
  void generatesValueTypesWithTheirFactoriesBuilderAndEnums() throws IOException {
    String source = compile();
    assertThat(source).contains("public final class Settings {",
        "public static final String DEFAULT_PATH = SettingsDeclaration.DEFAULT_PATH;",
        "private Settings(Builder b) {", "public static Builder builder()",
        "public static Settings at(String path) {\n    return SettingsDeclaration.at(path);",
        "public static final class Builder {", "public Builder guardedBy(String guard)", "public String getGuard()",
        "new java.util.TreeMap<>(b.labels)", "public java.util.List<Metric> getMetrics()", "public Settings build()",
        "public final class Metric {", "public enum Source { PODS, EXTERNAL }",
        "  public enum Sum {\n    /** Every pod's value added. */\n    TOTAL,\n    AVERAGE\n  }", "Metric(Source source, String name) {",
        "public Source getSource()", "public static Metric pods(String name)");
    assertThat(source.substring(source.indexOf("public final class Metric"))).doesNotContain("Builder");
  }

  @Test
  void generatesPropsAndBuildersThatCompileWithTheDocOnGetterAndSetter() throws IOException {
    String source = compile();
    assertThat(source).contains("public abstract class BaseProps {", "public final class DemoProps extends BaseProps {",
        "public abstract static class BuilderBase<B extends BuilderBase<B>> extends BaseProps.BuilderBase<B> {",
        "public static final int DEFAULT_SIZE = BasePropsDeclaration.DEFAULT_SIZE;",
        "public Integer getSize()", "public boolean isEnabled()", "public B size(String text)", "final boolean sizeSet;");
    String doc = "   * How many.\n   *\n   * @default 3\n   */\n";
    assertThat(source).contains(doc + "  public Integer getSize()", "  " + doc.replace("\n   ", "\n     ")
        + "    public B size(Integer size)");
  }
}
