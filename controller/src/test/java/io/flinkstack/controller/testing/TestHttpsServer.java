package io.flinkstack.controller.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK HTTPS server on 127.0.0.1 with a self-signed certificate made for it (by the JDK's {@code keytool},
 * SAN {@code IP:127.0.0.1}), serving fixed answers per path; {@link #clientContext()} trusts exactly that
 * certificate. Counts requests per path.
 */
public final class TestHttpsServer implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private final SSLContext clientContext;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, List<String>> authorizations = new ConcurrentHashMap<>();
  private final Map<String, String> requiredAuthorizations = new ConcurrentHashMap<>();

  /** What one path answers: a fixed body, a redirect, or a body sent slowly (delay between chunks). */
  private record Answer(int status, byte[] body, boolean chunked, String location, Duration trickle, boolean endless) {
    Answer(int status, byte[] body, boolean chunked) {
      this(status, body, chunked, null, null, false);
    }
  }

  public TestHttpsServer(Path workDirectory) {
    try {
      Files.createDirectories(workDirectory);
      Path keyStoreFile = workDirectory.resolve("server.p12");
      Files.deleteIfExists(keyStoreFile);
      Process keytool = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
              "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
              "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
              "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
              "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
          .redirectErrorStream(true)
          .start();
      String output = new String(keytool.getInputStream().readAllBytes());
      if (keytool.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStoreFile)) {
        keyStore.load(in, PASSWORD);
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, PASSWORD);
      SSLContext serverContext = SSLContext.getInstance("TLS");
      serverContext.init(keys.getKeyManagers(), null, null);

      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("server", keyStore.getCertificate("server"));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      clientContext = SSLContext.getInstance("TLS");
      clientContext.init(null, trust.getTrustManagers(), null);

      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
      server.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, any -> new AtomicInteger()).incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.computeIfAbsent(path, any -> new CopyOnWriteArrayList<>()).add(String.valueOf(authorization));
        Answer answer = answers.getOrDefault(path, new Answer(404, "not found".getBytes(), false));
        String required = requiredAuthorizations.get(path);
        if (required != null && !required.equals(authorization)) {
          answer = new Answer(401, "unauthorized".getBytes(), false);
        }
        if (answer.location() != null) {
          exchange.getResponseHeaders().set("Location", answer.location());
        }
        long length = answer.chunked() ? 0 : answer.body().length == 0 ? -1 : answer.body().length;
        exchange.sendResponseHeaders(answer.status(), length);
        try (OutputStream out = exchange.getResponseBody()) {
          if (answer.endless()) {
            byte[] zeros = new byte[64 * 1024];
            System.arraycopy(answer.body(), 0, zeros, 0, Math.min(answer.body().length, zeros.length));
            for (long sent = 0; sent < 1L << 32; sent += zeros.length) { // until the client hangs up
              out.write(zeros);
              zeros = new byte[zeros.length];
            }
          } else if (answer.trickle() != null) {
            for (int i = 0; i < answer.body().length; i += 16) {
              out.write(answer.body(), i, Math.min(16, answer.body().length - i));
              out.flush();
              Thread.sleep(answer.trickle().toMillis());
            }
          } else {
            out.write(answer.body());
          }
        } catch (IOException | InterruptedException gone) {
          // the client stopped reading
        }
      });
      // A thread per request: a slow answer must not hold up the others.
      server.setExecutor(Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-https-server");
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** From now on {@code path} answers 401 to a request without exactly this {@code Authorization} header. */
  public void requireAuthorization(String path, String headerValue) {
    requiredAuthorizations.put(path, headerValue);
  }

  /** The {@code Authorization} header of every request for {@code path}, in order ({@code "null"}: none sent). */
  public List<String> authorizations(String path) {
    return List.copyOf(authorizations.getOrDefault(path, List.of()));
  }

  /** Serves {@code body} with status 200 at {@code path}. */
  public URI serve(String path, byte[] body) {
    return answer(path, 200, body);
  }

  public URI serveFile(String path, Path file) {
    try {
      return serve(path, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI answer(String path, int status, byte[] body) {
    answers.put(path, new Answer(status, body, false));
    return uri(path);
  }

  /** Serves {@code body} with status 200 at {@code path}, chunked: no Content-Length. */
  public URI serveChunked(String path, byte[] body) {
    answers.put(path, new Answer(200, body, true));
    return uri(path);
  }

  /** Answers {@code status} (a redirect) with {@code Location: location} at {@code path}. */
  public URI redirect(String path, int status, String location) {
    answers.put(path, new Answer(status, new byte[0], false, location, null, false));
    return uri(path);
  }

  /** Serves {@code body} 16 bytes at a time, {@code delay} apart, with its Content-Length. */
  public URI trickle(String path, byte[] body, Duration delay) {
    answers.put(path, new Answer(200, body, false, null, delay, false));
    return uri(path);
  }

  /** Serves {@code head} and then zeros without end (chunked), until the client hangs up. */
  public URI serveEndless(String path, byte[] head) {
    answers.put(path, new Answer(200, head, true, null, null, true));
    return uri(path);
  }

  /** The same path under the name {@code localhost}: another host for the client, the same server. */
  public URI uriOnLocalhost(String path) {
    return URI.create("https://localhost:" + server.getAddress().getPort() + path);
  }

  public URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Trusts this server's certificate (and nothing else). */
  public SSLContext clientContext() {
    return clientContext;
  }

  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
