package io.flinkstack.harness;

/** A main class that never ends by itself, for {@link ExitWithParentTest}. */
public final class SleepForever {
  private SleepForever() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
  }
}
