package io.flinkstack.schemas;

import java.util.function.Supplier;

/**
 * Compiles a schema on first use and keeps it. Compiling a workload schema takes ~170 ms, and a manifest set
 * usually needs only a handful of kinds, so nothing is compiled up front.
 */
final class LazySchema {
  private final Supplier<CompiledSchema> compiler;
  private volatile CompiledSchema compiled;

  LazySchema(Supplier<CompiledSchema> compiler) {
    this.compiler = compiler;
  }

  CompiledSchema get() {
    CompiledSchema result = compiled;
    if (result == null) {
      synchronized (this) {
        result = compiled;
        if (result == null) {
          result = compiler.get();
          compiled = result;
        }
      }
    }
    return result;
  }
}
