package io.flinkstack.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The summary of {@code ./flinkstack bench faults}: the script runs {@link #FAULT_TESTS} through Maven (the
 * {@code bench-only} ones too, with every exactly-once check appending its counts to one log), then this reads
 * Surefire's XML reports and that log. A line per fault test class (passed, failed, skipped: a disabled test is a
 * fault not survived), then {@code faults survived=K of N lost=L duplicated=D}: N test methods, K passed; L and D
 * summed over the output directories checked, each directory's last check.
 *
 * <p>Arguments: the exactly-once log, then the Surefire report directories.
 */
public final class FaultsReport {
  /**
   * The fault tests, module and class (the issue-18 items each covers in its Javadoc). Real Flink JVMs, except the
   * controller module's (a jar host that fails, a JobManager that does not answer).
   */
  public static final List<String> FAULT_TESTS = List.of(
      "controller:UpgradeJarPrefetchTest",
      "controller:JarFetcherTest",
      "controller:FlinkJobDeletionTest",
      "harness:SavepointControllerTest",
      "harness:SessionJobControllerTest",
      "harness:RescaleControllerTest",
      "harness:RestartRescaleTest",
      "harness:FailureRecoveryTest",
      "harness:InPlaceRescaleTest",
      "harness:LiveAutoscalerTest",
      "harness:AutoscalerScaleDownRestartTest",
      "e2e:ApplicationUpgradeTest",
      "e2e:JobManagerFailoverTest",
      "e2e:JobManagerKilledAfterStopTest",
      "e2e:JobManagerKilledAfterSuspendStopTest",
      "e2e:JobManagerRestartedDuringSuspendTest",
      "e2e:JobManagerRestartedDuringUpgradeTest");

  private FaultsReport() {}

  record ClassResult(String name, int tests, int failed, int skipped) {
    int passed() {
      return tests - failed - skipped;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: FaultsReport <exactly-once log> <surefire report directory>...");
      System.exit(2);
    }
    List<Path> reportDirectories = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      reportDirectories.add(Path.of(args[i]));
    }
    int tests = 0;
    int survived = 0;
    for (String fault : FAULT_TESTS) {
      String simpleName = fault.substring(fault.indexOf(':') + 1);
      ClassResult result = find(reportDirectories, simpleName);
      if (result == null) {
        System.out.println(simpleName + ": no report (did not run)");
        tests++; // counted as one fault not survived
        continue;
      }
      tests += result.tests();
      survived += result.passed();
      System.out.println(simpleName + ": " + result.passed() + " of " + result.tests() + " passed"
          + (result.failed() > 0 ? ", " + result.failed() + " failed" : "") + (result.skipped() > 0 ? ", " + result.skipped() + " skipped" : ""));
    }
    long[] counts = exactlyOnce(Path.of(args[0]));
    System.out.println("faults survived=" + survived + " of " + tests + " lost=" + counts[0] + " duplicated=" + counts[1]);
  }

  /** Surefire's {@code TEST-<package>.<simpleName>.xml} in any of the directories, summed over nested classes. */
  static ClassResult find(List<Path> directories, String simpleName) throws Exception {
    ClassResult total = null;
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (var files = Files.list(directory)) {
        for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\." + simpleName + "(\\$.*)?\\.xml")).toList()) {
          ClassResult one = read(file, simpleName);
          total = total == null ? one : new ClassResult(simpleName, total.tests() + one.tests(), total.failed() + one.failed(),
              total.skipped() + one.skipped());
        }
      }
    }
    return total;
  }

  private static ClassResult read(Path file, String simpleName) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    Element suite = document.getDocumentElement();
    NodeList cases = suite.getElementsByTagName("testcase");
    int failed = 0;
    int skipped = 0;
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      if (testCase.getElementsByTagName("failure").getLength() > 0 || testCase.getElementsByTagName("error").getLength() > 0) {
        failed++;
      } else if (testCase.getElementsByTagName("skipped").getLength() > 0) {
        skipped++;
      }
    }
    return new ClassResult(simpleName, cases.getLength(), failed, skipped);
  }

  /** {lost, duplicated}: the last line per output directory, summed. */
  static long[] exactlyOnce(Path log) throws IOException {
    Map<String, long[]> last = new LinkedHashMap<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split(" ", 3)) {
          int eq = part.indexOf('=');
          if (eq > 0) {
            fields.put(part.substring(0, eq), part.substring(eq + 1));
          }
        }
        if (fields.containsKey("output")) {
          last.put(fields.get("output"), new long[] {Long.parseLong(fields.get("lost")), Long.parseLong(fields.get("duplicated"))});
        }
      }
    }
    long lost = 0;
    long duplicated = 0;
    for (long[] counts : last.values()) {
      lost += counts[0];
      duplicated += counts[1];
    }
    return new long[] {lost, duplicated};
  }
}
