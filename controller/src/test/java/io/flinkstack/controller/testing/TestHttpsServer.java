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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private record Answer(int status, byte[] body, boolean chunked) {}

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
        Answer answer = answers.getOrDefault(path, new Answer(404, "not found".getBytes(), false));
        long length = answer.chunked() ? 0 : answer.body().length == 0 ? -1 : answer.body().length;
        exchange.sendResponseHeaders(answer.status(), length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer.body());
        }
      });
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
