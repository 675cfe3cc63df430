package io.flinkstack.constructs.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes manifests as YAML with Jackson, byte for byte as cdk8s' writer (the npm {@code yaml} package,
 * YAML 1.1, no line folding) writes them — but only for documents whose every scalar is of a kind both
 * writers are known to print alike ({@code ManifestYamlTest} compares them). For anything else it writes
 * nothing and the caller asks cdk8s. Jackson is ~4× faster here, which is most of synthesis time.
 */
public final class ManifestYaml {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  // Scalars printed plain by both writers: words of letters, digits and a few punctuation marks, joined
  // by single spaces; not starting with a YAML indicator, '.', '=' or '-' followed by a digit.
  private static final String WORD = "[A-Za-z0-9/_.:=@+$()-]+";
  private static final Pattern PLAIN = Pattern.compile("(?:[A-Za-z/_$]|-(?![0-9\\s]))" + "[A-Za-z0-9/_.:=@+$()-]*(?: " + WORD + ")*");
  // Versions and addresses (1.4.2, 0.0.0.0) and sizes (30s, 1024Mi) are plain in both; numbers are quoted
  // by both. Other digit-led strings (1:20, 1_000, 2001-12-14, 1e3) mean numbers or dates in YAML 1.1.
  private static final Pattern DIGITS_PLAIN = Pattern.compile("[0-9]+(?:\\.[0-9]+){2,3}|[0-9]+[a-df-zA-DF-Z][a-zA-Z]*");
  private static final Pattern DIGITS_QUOTED = Pattern.compile("(?:0|[1-9][0-9]{0,17})(?:\\.[0-9]{1,9})?");
  // Keys: field names, label keys and file names. Jackson quotes keys more eagerly than values.
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9/_.-]*");
  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");
  private static final Pattern BLOCK_LINE = Pattern.compile("[\\x20-\\x7e]*[\\x21-\\x7e]");
  // cdk8s' writer quotes an exponent on its own (e9) as if it were a number.
  private static final Pattern EXPONENT = Pattern.compile("[eE][+-]?[0-9]+");

  private ManifestYaml() {}

  /**
   * A YAML writer for the files flinkstack puts inside ConfigMaps (Flink's config.yaml, job declarations):
   * no document marker, no line folding, and strings that would read back as numbers or booleans quoted.
   */
  public static ObjectMapper fileWriter() {
    return new ObjectMapper(
        YAMLFactory.builder()
            .stringQuotingChecker(new QuoteWhatYamlWouldConvert())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());
  }

  /**
   * Jackson quotes decimal numbers and booleans; a YAML 1.2 reader (Flink's config.yaml parser) also turns
   * hexadecimal, octal, exponent and special float spellings into numbers, so those are quoted too.
   */
  private static final class QuoteWhatYamlWouldConvert extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern NOT_A_STRING = Pattern.compile(
        "[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
            + "|\\.[0-9_]+([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF|nan|NaN|NAN))|~|null|Null|NULL");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NOT_A_STRING.matcher(value).matches();
    }
  }

  /** The documents as cdk8s writes them, or empty when one holds a scalar outside the known-alike kinds. */
  public static Optional<String> writeLikeCdk8s(List<JsonNode> documents) {
    for (JsonNode d : documents) {
      if (!alike(d)) {
        return Optional.empty();
      }
    }
    return Optional.of(write(documents));
  }

  /** Jackson's YAML of the documents, separated as cdk8s separates them, whatever they hold. */
  public static String write(List<? extends JsonNode> documents) {
    StringBuilder out = new StringBuilder();
    for (JsonNode d : documents) {
      if (out.length() > 0) {
        out.append("---\n");
      }
      try {
        out.append(YAML.writeValueAsString(d));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  static boolean alike(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!alikeKey(e.getKey()) || !alike(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (!alike(item)) {
          return false;
        }
      }
      return true;
    }
    if (node.isTextual()) {
      return alikeString(node.textValue());
    }
    return node.isBoolean() || (node.isIntegralNumber() && node.canConvertToLong());
  }

  // Manifests repeat the same strings (label keys, names, images) thousands of times: remember verdicts.
  private static final Map<String, Boolean> STRING_VERDICTS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Map<String, Boolean> KEY_VERDICTS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED = 100_000;

  private static boolean remembered(Map<String, Boolean> verdicts, String s, java.util.function.Predicate<String> check) {
    Boolean known = verdicts.get(s);
    if (known != null) {
      return known;
    }
    boolean verdict = check.test(s);
    if (verdicts.size() < MAX_REMEMBERED && s.length() < 256) {
      verdicts.put(s, verdict);
    }
    return verdict;
  }

  static boolean alikeString(String s) {
    return remembered(STRING_VERDICTS, s, ManifestYaml::checkString);
  }

  private static boolean checkString(String s) {
    if (s.indexOf('\n') >= 0) {
      return alikeBlock(s);
    }
    return plainWord(s) || DIGITS_PLAIN.matcher(s).matches() || DIGITS_QUOTED.matcher(s).matches();
  }

  static boolean alikeKey(String s) {
    return remembered(KEY_VERDICTS, s, k -> KEY.matcher(k).matches() && plainWord(k));
  }

  private static boolean plainWord(String s) {
    return PLAIN.matcher(s).matches() && !s.contains(": ") && !s.endsWith(":") && !EXPONENT.matcher(s).matches()
        && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT));
  }

  // Block literals ('|'): one final line break, printable ASCII, no trailing blanks, first line not indented.
  private static boolean alikeBlock(String s) {
    if (!s.endsWith("\n") || s.endsWith("\n\n")) {
      return false;
    }
    for (String line : s.substring(0, s.length() - 1).split("\n", -1)) {
      if (!line.isEmpty() && !BLOCK_LINE.matcher(line).matches()) {
        return false;
      }
    }
    return !s.startsWith("\n") && !s.startsWith(" ");
  }
}
