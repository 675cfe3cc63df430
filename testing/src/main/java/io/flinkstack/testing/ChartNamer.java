package io.flinkstack.testing;

import java.io.File;
import org.approvaltests.namer.ApprovalNamer;

/** Names a chart's files {@code <directory>/<chart>.approved.<ext>} and {@code <chart>.received.<ext>}. */
final class ChartNamer implements ApprovalNamer {
  private final File directory;
  private final String chart;

  ChartNamer(File directory, String chart) {
    this.directory = directory;
    this.chart = chart;
  }

  @Override
  public File getApprovedFile(String extensionWithDot) {
    return new File(directory, chart + ".approved" + extensionWithDot);
  }

  @Override
  public File getReceivedFile(String extensionWithDot) {
    return new File(directory, chart + ".received" + extensionWithDot);
  }

  @Override
  public String getApprovalName() {
    return chart;
  }

  @Override
  public String getSourceFilePath() {
    return directory.getPath();
  }

  @Override
  public ApprovalNamer addAdditionalInformation(String info) {
    return new ChartNamer(directory, chart + "." + info);
  }

  @Override
  public String getAdditionalInformation() {
    return "";
  }
}
