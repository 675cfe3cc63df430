package io.flinkstack.schemas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 4Gi}, {@code 1e3}, or a bare number), read into exact
 * decimals so requests and limits can be compared. The grammar is apimachinery's
 * {@code pkg/api/resource/quantity.go} (ParseQuantity): a signed decimal number, then one binary-SI suffix, one
 * decimal-SI suffix, or a decimal exponent. A string that does not parse is rejected when the object is decoded,
 * before validation runs.
 */
final class Quantity {
  private static final Pattern SYNTAX =
      Pattern.compile("([+-]?)([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
      Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
      Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
      Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
      Map.entry("n", new BigDecimal("1e-9")),
      Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")),
      Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")));

  private Quantity() {}

  /** The quantity's value; empty when the node is neither a number nor a quantity string. */
  static Optional<BigDecimal> parse(JsonNode node) {
    if (node.isNumber()) {
      return Optional.of(node.decimalValue());
    }
    if (!node.isTextual()) {
      return Optional.empty();
    }
    Matcher m = SYNTAX.matcher(node.textValue());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(2).startsWith(".") ? "0" + m.group(2) : m.group(2));
    if (m.group(1).equals("-")) {
      number = number.negate();
    }
    String suffix = m.group(3);
    if (suffix == null) {
      return Optional.of(number);
    }
    if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      return Optional.of(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
    }
    return Optional.of(number.multiply(SUFFIXES.get(suffix)));
  }
}
