package io.flinkstack.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.flink.FlinkRestClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlinkClientsTest {
  private static final URI ORDERS = URI.create("http://orders-rest.team-a.svc:8081");
  private static final URI PAYMENTS = URI.create("http://shared-rest.team-b.svc:8081");

  @Test
  void oneClientPerUrlWhileTheUrlIsInUse() {
    FlinkClients clients = new FlinkClients(Duration.ofSeconds(2));
    FlinkRestClient orders = clients.forUrl(ORDERS);
    FlinkRestClient payments = clients.forUrl(PAYMENTS);

    assertThat(clients.forUrl(ORDERS)).isSameAs(orders);
    assertThat(clients.urls()).containsExactlyInAnyOrder(ORDERS, PAYMENTS);

    clients.retainOnly(Set.of(PAYMENTS));

    assertThat(clients.urls()).containsExactly(PAYMENTS);
    assertThat(clients.forUrl(PAYMENTS)).as("still in use: the same client").isSameAs(payments);
    FlinkRestClient ordersAgain = clients.forUrl(ORDERS);
    assertThat(ordersAgain).as("evicted: a new client").isNotSameAs(orders);
    assertThat(ordersAgain.restUrl()).isEqualTo(ORDERS);

    clients.retainOnly(List.of());

    assertThat(clients.urls()).isEmpty();
  }
}
