package io.flinkstack.cli.starter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * A team's project, as {@code flinkstack init} writes it: the files of the templates in this package's resources
 * ({@code *.txt}, {@code @@key@@} placeholders), filled in with the project's names. {@link StarterSnapshots} adds the
 * approved manifests of the app the templates define.
 */
public final class Starter {
  /** The npm cdk8s-cli the workflow runs, the one flinkstack's own CI checks its manifests with. */
  public static final String CDK8S_CLI_VERSION = "2.207.60";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_.-]+");

  /** Template resource → path in the project; {@code @@packagePath@@} is the package as folders. */
  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put("pom.xml.txt", "pom.xml");
    FILES.put("cdk8s.yaml.txt", "cdk8s.yaml");
    FILES.put("README.md.txt", "README.md");
    FILES.put("gitignore.txt", ".gitignore");
    FILES.put("workflow.yml.txt", ".github/workflows/flinkstack.yml");
    FILES.put("Pulumi.yaml.txt", "Pulumi.yaml");
    FILES.put("Pulumi.dev.yaml.txt", "Pulumi.dev.yaml");
    FILES.put("Main.java.txt", "src/main/java/@@packagePath@@/Main.java");
    FILES.put("PulumiMain.java.txt", "src/main/java/@@packagePath@@/PulumiMain.java");
    FILES.put("MainTest.java.txt", "src/test/java/@@packagePath@@/MainTest.java");
    FILES.put("PulumiMainTest.java.txt", "src/test/java/@@packagePath@@/PulumiMainTest.java");
  }

  /** The folder of the approved manifests, as the project's test names it. */
  public static final String APPROVED = "approved";

  private Starter() {}

  /** What a project is made from. */
  public record Settings(String name, String groupId, String packageName, String namespace, String flinkstackVersion) {
    /** Every problem with the names, each naming its option and the fix; empty when the project can be made. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (!DNS_LABEL.matcher(name).matches() || name.length() > 40) {
        problems.add("--name: '" + name + "' must be a DNS label of at most 40 characters (lower-case letters, digits"
            + " and '-', starting with a letter): it names the Flink application and its Kubernetes objects");
      }
      if (!GROUP_ID.matcher(groupId).matches()) {
        problems.add("--group-id: '" + groupId + "' is not a Maven groupId; use letters, digits, '.', '_' and '-',"
            + " e.g. com.example");
      }
      if (!SourceVersion.isName(packageName)) {
        problems.add("--package: '" + packageName + "' is not a Java package name; use dot-separated identifiers"
            + " that are not keywords, e.g. com.example.orders");
      }
      if (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63) {
        problems.add("--namespace: '" + namespace + "' is not a Kubernetes namespace name (lower-case letters, digits"
            + " and '-', at most 63 characters, starting with a letter)");
      }
      return problems;
    }

    /** The package a name gives when none is chosen: {@code groupId.name} without what Java does not allow. */
    public static String defaultPackage(String groupId, String name) {
      String last = name.replaceAll("[^A-Za-z0-9_]", "");
      if (last.isEmpty() || !Character.isJavaIdentifierStart(last.charAt(0)) || SourceVersion.isKeyword(last)) {
        last = "app" + last;
      }
      return groupId.replaceAll("[^A-Za-z0-9_.]", "_") + "." + last;
    }
  }

  /** One file of the project: its path (with '/') and its text. */
  public record File(String path, String text) {}

  /** The project's files, filled in; the approved manifests are {@link StarterSnapshots}'. */
  public static List<File> files(Settings settings) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", settings.name());
    values.put("groupId", settings.groupId());
    values.put("package", settings.packageName());
    values.put("packagePath", settings.packageName().replace('.', '/'));
    values.put("namespace", settings.namespace());
    values.put("flinkstackVersion", settings.flinkstackVersion());
    values.put("cdk8sCliVersion", CDK8S_CLI_VERSION);
    List<File> files = new ArrayList<>();
    FILES.forEach((template, path) -> files.add(new File(fill(path, values), fill(template(template), values))));
    return files;
  }

  /** The Java source of the project's cdk8s app ({@code Main}) among the project's {@link #files}. */
  public static String mainSource(List<File> files) {
    return files.stream().filter(f -> f.path().endsWith("/Main.java")).findFirst().orElseThrow().text();
  }

  /** flinkstack's own version, as the build wrote it. */
  public static String flinkstackVersion() {
    try (InputStream in = Starter.class.getResourceAsStream("/io/flinkstack/cli/flinkstack.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      String version = properties.getProperty("version", "");
      // Unfiltered (an IDE run from the sources): the version is unknown.
      return version.isEmpty() || version.startsWith("${") ? "0.1.0-SNAPSHOT" : version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fill(String text, Map<String, String> values) {
    String filled = text;
    for (Map.Entry<String, String> e : values.entrySet()) {
      filled = filled.replace("@@" + e.getKey() + "@@", e.getValue());
    }
    if (filled.contains("@@")) {
      int at = filled.indexOf("@@");
      throw new IllegalStateException("a starter template has an unknown placeholder near: "
          + filled.substring(at, Math.min(filled.length(), at + 30)));
    }
    return filled;
  }

  private static String template(String name) {
    try (InputStream in = Starter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("starter template missing from the CLI jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
