package io.flinkstack.testjob;

/** One record of {@link BottleneckJob}: a sequence number and a payload that gives it its size (a Flink POJO). */
public final class LoadRecord {
  public long sequence;
  public byte[] payload;

  public LoadRecord() {}

  LoadRecord(long sequence, byte[] payload) {
    this.sequence = sequence;
    this.payload = payload;
  }
}
