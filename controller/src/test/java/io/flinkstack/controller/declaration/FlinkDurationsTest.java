package io.flinkstack.controller.declaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlinkDurationsTest {

  @ParameterizedTest
  @CsvSource({
      "1 h, PT1H", "7 d, PT168H", "30min, PT30M", "30 min, PT30M", "1 m, PT1M", "10 s, PT10S", "2 hours, PT2H",
      "3 days, PT72H", "1 minutes, PT1M", "45 sec, PT45S", "45 secs, PT45S", "500 ms, PT0.5S", "500, PT0.5S", "2 H, PT2H", "' 5 s ', PT5S"})
  void readsFlinksUnits(String text, Duration expected) {
    assertThat(FlinkDurations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "h", "1.5 h", "-1 s", "1 x", "1 weeks", "5 mins", "one hour"})
  void refusesWhatFlinkWouldRefuseWithTheFormInTheMessage(String text) {
    assertThatThrownBy(() -> FlinkDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }
}
