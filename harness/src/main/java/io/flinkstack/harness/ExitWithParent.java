package io.flinkstack.harness;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a main class, and halts the JVM when its parent process goes away. The parent holds the write end
 * of this process's stdin, which the operating system closes however the parent ends, {@code kill -9}
 * included; a shutdown hook alone would leave Flink processes running after a killed test JVM.
 *
 * <p>Copied into a jar of its own for the child's classpath, so it may use nothing but the JDK.
 */
public final class ExitWithParent {
  private ExitWithParent() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: ExitWithParent MAIN_CLASS [ARG…]");
    }
    Thread watchdog = new Thread(() -> haltAtEndOf(System.in), "exit-with-parent");
    watchdog.setDaemon(true);
    watchdog.start();

    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void haltAtEndOf(InputStream parentPipe) {
    try {
      while (parentPipe.read() != -1) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException closed) {
      // Same meaning as end of stream: the parent is gone.
    }
    // halt, not exit: shutdown hooks could block on a JobManager that is no longer there.
    Runtime.getRuntime().halt(143);
  }
}
