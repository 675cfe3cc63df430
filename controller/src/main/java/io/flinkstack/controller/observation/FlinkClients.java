package io.flinkstack.controller.observation;

import io.flinkstack.controller.flink.FlinkRestClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link FlinkRestClient} per REST URL, kept: each client owns an HTTP client with its own threads. */
public final class FlinkClients {
  private final Duration requestTimeout;
  private final ConcurrentMap<URI, FlinkRestClient> clients = new ConcurrentHashMap<>();

  public FlinkClients(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public FlinkRestClient forUrl(URI restUrl) {
    return clients.computeIfAbsent(restUrl, url -> new FlinkRestClient(url, requestTimeout));
  }
}
