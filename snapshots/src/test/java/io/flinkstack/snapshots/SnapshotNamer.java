package io.flinkstack.snapshots;

import java.io.File;
import org.approvaltests.namer.ApprovalNamer;

/** Keeps approved manifests in {@code snapshots/approved/<chart>.approved.yaml}, where reviewers look. */
final class SnapshotNamer implements ApprovalNamer {
  static final File DIRECTORY = new File("approved");
  private final String chart;

  SnapshotNamer(String chart) {
    this.chart = chart;
  }

  @Override
  public File getApprovedFile(String extensionWithDot) {
    return new File(DIRECTORY, chart + ".approved" + extensionWithDot);
  }

  @Override
  public File getReceivedFile(String extensionWithDot) {
    return new File(DIRECTORY, chart + ".received" + extensionWithDot);
  }

  @Override
  public String getApprovalName() {
    return chart;
  }

  @Override
  public String getSourceFilePath() {
    return DIRECTORY.getPath();
  }

  @Override
  public ApprovalNamer addAdditionalInformation(String info) {
    return new SnapshotNamer(chart + "." + info);
  }

  @Override
  public String getAdditionalInformation() {
    return "";
  }
}
