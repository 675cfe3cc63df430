package io.flinkstack.e2e;

import io.flinkstack.harness.api.CrudApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.resource.CustomResourceDefinitions;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The servers the end-to-end runs stand up on 127.0.0.1. */
public final class LocalServers {
  private LocalServers() {}

  /**
   * fabric8's mock API server in CRUD mode, as {@code @EnableKubernetesMockClient(crud = true)} builds it (objects
   * are stored, not scripted), with the API server's resource-version precondition on status writes that the mock
   * lacks ({@link CrudApiServer}), and flinkstack's CRDs created in it, as the RuntimeController's chart installs them
   * on a cluster: the mock serves FlinkJobs (discovery, the status subresource) only for CRDs it holds. Started;
   * {@code destroy()} it when done.
   */
  public static KubernetesMockServer crudApiServer() {
    KubernetesMockServer server = CrudApiServer.start();
    try (KubernetesClient client = server.createClient()) {
      createCustomResourceDefinitions(client);
    }
    return server;
  }

  /** Creates flinkstack's CRDs, as the RuntimeController's chart installs them. */
  public static void createCustomResourceDefinitions(KubernetesClient client) {
    CustomResourceDefinitions.definitions().forEach(crd -> client.resource(crd).create());
  }

  /** Serves {@code file} at {@code http://127.0.0.1:<port>/<name>}, read at each request; {@code stop(0)} it when done. */
  public static HttpServer serve(Path file, String name) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/" + name, exchange -> {
      byte[] body = Files.readAllBytes(file);
      exchange.getResponseHeaders().add("Content-Type", "application/java-archive");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    return http;
  }
}
