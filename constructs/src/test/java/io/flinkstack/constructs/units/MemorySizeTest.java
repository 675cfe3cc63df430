package io.flinkstack.constructs.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {
  @ParameterizedTest
  @CsvSource({
    "2048m, 2147483648", "2048mb, 2147483648", "2g, 2147483648", "2G, -1", "2Gi, 2147483648",
    "512Mi, 536870912", "1024k, 1048576", "1Ti, 1099511627776", "4096, 4096", "' 1g ', 1073741824"
  })
  void parsesFlinkAndKubernetesBinaryUnits(String text, long bytes) {
    if (bytes < 0) {
      assertThat(MemorySize.parse(text)).isEmpty();
    } else {
      assertThat(MemorySize.parse(text)).hasValueSatisfying(m -> assertThat(m.bytes()).isEqualTo(bytes));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "1.5g", "-1g", "2M", "2T", "1e9", "2 gigs", "99999999999999999999m"})
  void rejectsWhatIsNotABinaryMemorySize(String text) {
    assertThat(MemorySize.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"2g, 2048m, 2048Mi", "1Gi, 1024m, 1024Mi", "1000, 1000b, 1000"})
  void writesFlinkAndKubernetesSpellings(String text, String flink, String quantity) {
    MemorySize m = MemorySize.parse(text).orElseThrow();
    assertThat(m.toFlink()).isEqualTo(flink);
    assertThat(m.toQuantity()).isEqualTo(quantity);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "0.5, 500m", "2.25, 2250m", "0.001, 1m"})
  void writesCpuQuantities(double cores, String quantity) {
    assertThat(Cpu.isValid(cores)).isTrue();
    assertThat(Cpu.toQuantity(cores)).isEqualTo(quantity);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, 0.0001, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsCpuKubernetesCannotExpress(double cores) {
    assertThat(Cpu.isValid(cores)).isFalse();
  }
}
