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
                return new Builder().size(props.getSize()).build();
              }
            }
          }
          """.replace("import software.constructs.Construct;", "import software.constructs.Construct;\nimport java.util.List;"));

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
    return Files.readString(generated.resolve("demo/BaseProps.java")) + Files.readString(generated.resolve("demo/DemoProps.java"));
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
