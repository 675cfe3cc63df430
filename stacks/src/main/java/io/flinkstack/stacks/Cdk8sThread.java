package io.flinkstack.stacks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs cdk8s work on one thread. cdk8s' JSII runtime is not thread-safe, and Pulumi runs programs on pool
 * threads: two components (or two test runs) must not drive it at the same time.
 */
final class Cdk8sThread {
  private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "flinkstack-cdk8s");
    t.setDaemon(true); // never keeps a finished Pulumi program alive
    return t;
  });

  private Cdk8sThread() {}

  /** The work's result; its own exception, unwrapped, when it fails. */
  static <T> T call(Supplier<T> work) {
    try {
      return THREAD.submit(work::get).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while synthesizing", e);
    }
  }
}
