package io.flinkstack.controller.observation;

import io.flinkstack.controller.flink.FlinkRestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The controller's {@link FlinkRestClient}s, one per REST URL, all sending through one {@link HttpClient}
 * made here (one connection pool, one executor and selector thread for every cluster; each request carries
 * its own timeout).
 *
 * <p>Eviction: a client is kept while its URL is in use, and dropped by {@link #retainOnly} when it is
 * not. The reconciler calls it after each listing with the URLs the still-listed declarations used in
 * their last pass, so the client of a cluster goes with the last declaration about it (deleted, or moved to
 * another cluster). No clock: a URL counts by who uses it, not by when. A client already handed out keeps
 * working after it is dropped (it holds nothing of its own but the URL); the next {@link #forUrl} for that
 * URL makes a new one. Thread-safe.
 */
public final class FlinkClients {
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ConcurrentMap<URI, FlinkRestClient> clients = new ConcurrentHashMap<>();

  public FlinkClients(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
    this.http = FlinkRestClient.newHttpClient(requestTimeout);
  }

  public FlinkRestClient forUrl(URI restUrl) {
    return clients.computeIfAbsent(restUrl, url -> new FlinkRestClient(url, requestTimeout, http));
  }

  /** Drops the clients of every URL not in {@code inUse}; the others stay as they are. */
  public void retainOnly(Collection<URI> inUse) {
    clients.keySet().retainAll(Set.copyOf(inUse));
  }

  /** The URLs it holds a client for. */
  public Set<URI> urls() {
    return Set.copyOf(clients.keySet());
  }
}
