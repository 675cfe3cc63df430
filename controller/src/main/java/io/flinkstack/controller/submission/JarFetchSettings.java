package io.flinkstack.controller.submission;

import java.time.Duration;
import java.util.Objects;

/**
 * The controller's rules for downloading jars, from its flags.
 *
 * @param hosts where jars may come from ({@code --jar-host}); {@link JarHosts#any()}: anywhere
 * @param deadline the longest one fetch may take ({@code --jar-fetch-timeout})
 * @param maxBytes the largest jar ({@code --jar-max-size})
 */
public record JarFetchSettings(JarHosts hosts, Duration deadline, long maxBytes) {

  public JarFetchSettings {
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** Any host, {@link JarFetcher#DEFAULT_DEADLINE}, {@link JarFetcher#DEFAULT_MAX_BYTES}. */
  public static JarFetchSettings defaults() {
    return new JarFetchSettings(JarHosts.any(), JarFetcher.DEFAULT_DEADLINE, JarFetcher.DEFAULT_MAX_BYTES);
  }
}
