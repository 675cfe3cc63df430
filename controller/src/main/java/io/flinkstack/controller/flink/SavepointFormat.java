package io.flinkstack.controller.flink;

/**
 * How a savepoint is written. CANONICAL is portable across state backends; NATIVE is the backend's own
 * format, faster to take and restore (RocksDB: incremental files) but tied to that backend.
 */
public enum SavepointFormat {
  CANONICAL,
  NATIVE
}
