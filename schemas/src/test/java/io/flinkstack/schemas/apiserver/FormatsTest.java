package io.flinkstack.schemas.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The string formats, quantities and CIDRs the rules are built on. */
class FormatsTest {
  /**
   * Each name format with the values it accepts (no message) and the values it refuses (a message): DNS-1123 labels,
   * qualified names (label and annotation keys) and IANA service (port) names.
   */
  static Stream<Arguments> names() {
    return Stream.of(
        format("dns1123Label", Formats::dns1123Label,
            List.of("a", "0", "wordcount-taskmanager", "a1-b2"),
            List.of("", "-a", "a-", "A", "a.b", "a_b")),
        format("qualifiedName", Formats::qualifiedName,
            List.of("app", "app.kubernetes.io/name", "example.com/My_Key.1", "A"),
            List.of("", "/x", "a/", "a/b/c", "_x", "x_", "Example.com/x", "a b")),
        format("ianaPortName", Formats::ianaPortName,
            List.of("rpc", "rest-api", "h2c", "a1"),
            List.of("", "123", "-rpc", "rpc-", "r--c", "Rpc", "rpc_1", "abcdefghijklmnop")))
        .flatMap(rows -> rows);
  }

  private static Stream<Arguments> format(String name, UnaryOperator<String> format, List<String> valid,
      List<String> invalid) {
    return Stream.concat(
        valid.stream().map(value -> Arguments.of(name, format, value, true)),
        invalid.stream().map(value -> Arguments.of(name, format, value, false)));
  }

  @ParameterizedTest(name = "{0}(\"{2}\") is valid: {3}")
  @MethodSource("names")
  void nameFormats(String name, UnaryOperator<String> format, String value, boolean valid) {
    if (valid) {
      assertThat(format.apply(value)).isNull();
    } else {
      assertThat(format.apply(value)).isNotNull();
    }
  }

  @Test
  void labelsHaveAtMost63Characters() {
    assertThat(Formats.dns1123Label("a".repeat(63))).isNull();
    assertThat(Formats.dns1123Label("a".repeat(64))).contains("at most 63");
  }

  @Test
  void dns1035LabelsStartWithALetter() {
    assertThat(Formats.dns1035Label("rest")).isNull();
    assertThat(Formats.dns1035Label("1rest")).isNotNull();
  }

  @Test
  void environmentVariableNamesAreRelaxedIn132() {
    assertThat(Formats.envVarName("1 odd.name-with:colons")).isNull();
    assertThat(Formats.envVarName("A=B")).isNotNull();
    assertThat(Formats.envVarName("A\u00e9")).isNotNull();
    assertThat(Formats.envVarName("")).isNotNull();
  }

  @ParameterizedTest
  @CsvSource({"500m, 0.5", "2, 2", "1Gi, 1073741824", "1e3, 1000", "1.5k, 1500", "100n, 0.0000001", "1E, 1e18",
      "'-1', -1", ".5, 0.5"})
  void quantities(String text, String expected) {
    assertThat(Quantity.parse(JsonNodeFactory.instance.textNode(text)))
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal(expected)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1 Gi", "1GB", "Gi", "", "1.2.3", "0x10"})
  void notQuantities(String text) {
    assertThat(Quantity.parse(JsonNodeFactory.instance.textNode(text))).isEmpty();
  }

  @Test
  void numbersAreQuantities() {
    assertThat(Quantity.parse(JsonNodeFactory.instance.numberNode(1.5)))
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.5"));
  }

  @ParameterizedTest
  @CsvSource({"10.20.0.0/16, 10.20.5.0/24, true", "10.20.0.0/16, 10.20.0.0/16, false",
      "10.20.0.0/16, 10.21.0.0/24, false", "10.20.1.1/16, 10.20.200.0/24, true", "0.0.0.0/0, 169.254.0.0/16, true",
      "fd00::/8, fd12:3456::/32, true", "fd00::/8, fe80::/10, false", "10.0.0.0/8, fd00::/64, false"})
  void cidrContainment(String outer, String inner, boolean strictlyContains) {
    assertThat(Cidr.parse(outer).orElseThrow().strictlyContains(Cidr.parse(inner).orElseThrow()))
        .isEqualTo(strictlyContains);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0/8", "256.0.0.0/8", "fd00::/129", "fd00:::1/64",
      "1:2:3:4:5:6:7:8:9/64", "fe80::1%eth0/64", "example.com/8", "10.0.0.0/8/8", "10.0.0.0/"})
  void notCidrs(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "010.001.000.001", "::1", "::", "2001:db8::8a2e:370:7334",
      "::ffff:192.168.0.1"})
  void ips(String text) {
    assertThat(Cidr.isIp(text)).isTrue();
  }
}
