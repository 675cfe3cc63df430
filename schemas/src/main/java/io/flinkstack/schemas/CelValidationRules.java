package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of a CRD's {@code openAPIV3Schema}, evaluated as the API server
 * evaluates them on create and update. No API server runs here, so this is an emulation, built on the CEL library
 * ({@code dev.cel:cel}) and following the documented semantics, which the API server implements in
 * {@code k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go} ({@code Validator.Validate}):
 * <ul>
 *   <li>a rule sits on a schema node and sees the value there as {@code self}; a node whose value is absent is not
 *       evaluated (so {@code has(self.x)} guards optional fields);
 *   <li>a transition rule (one that names {@code oldSelf}) is evaluated only on an update, when the old object has a
 *       value at the same place; on create it is skipped. List items are not correlated here (the API server
 *       correlates only map-type lists), so transition rules under {@code items} are skipped;
 *   <li>a rule that evaluates to false fails with its {@code message} (else {@code failed rule: <rule>}), at the
 *       node's path plus its {@code fieldPath};
 *   <li>integers are int64, other numbers double.
 * </ul>
 * Kubernetes' CEL libraries beyond the standard ones (lists, regex, url, quantity, ...) are not registered: a rule
 * using them does not compile here, and {@link #of} says so.
 */
public final class CelValidationRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final Pattern FIELD_PATH_STEP = Pattern.compile("\\.([A-Za-z0-9_$-]+)|\\['([^']*)'\\]|\\[(\\d+)\\]");
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private record Rule(String text, String message, String fieldPath, boolean transition, CelRuntime.Program program) {}

  /** A schema node's rules and the nodes under it that have rules. */
  private record Node(List<Rule> rules, Map<String, Node> properties, Node items, Node additionalProperties) {
    boolean isEmpty() {
      return rules.isEmpty() && properties.isEmpty() && items == null && additionalProperties == null;
    }
  }

  private final Node root;

  private CelValidationRules(Node root) {
    this.root = root;
  }

  /**
   * Compiles every rule of the schema.
   *
   * @throws IllegalArgumentException naming the rule when one does not compile
   */
  public static CelValidationRules of(JsonNode openApiV3Schema) {
    Node root = node(openApiV3Schema, "");
    return new CelValidationRules(root == null ? new Node(List.of(), Map.of(), null, null) : root);
  }

  /** True when the schema has no rule at all. */
  public boolean isEmpty() {
    return root.isEmpty();
  }

  /** The rules' violations for an object being created. */
  public List<Violation> validate(JsonNode object) {
    return validateUpdate(null, object);
  }

  /** The rules' violations for {@code object} replacing {@code oldObject} (null: a create). */
  public List<Violation> validateUpdate(JsonNode oldObject, JsonNode object) {
    List<Violation> violations = new ArrayList<>();
    walk(root, object, oldObject, "", violations);
    return violations;
  }

  private static Node node(JsonNode schema, String path) {
    if (schema == null || !schema.isObject()) {
      return null;
    }
    List<Rule> rules = new ArrayList<>();
    for (JsonNode r : schema.path("x-kubernetes-validations")) {
      rules.add(compile(r, path));
    }
    Map<String, Node> properties = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Node child = node(e.getValue(), path + "/" + e.getKey());
      if (child != null) {
        properties.put(e.getKey(), child);
      }
    }
    Node items = node(schema.get("items"), path + "/items");
    Node additional = node(schema.get("additionalProperties"), path + "/additionalProperties");
    Node node = new Node(List.copyOf(rules), Map.copyOf(properties), items, additional);
    return node.isEmpty() ? null : node;
  }

  private static Rule compile(JsonNode rule, String path) {
    String text = rule.path("rule").asText();
    CelValidationResult compiled = COMPILER.compile(text);
    try {
      if (compiled.hasError()) {
        throw new IllegalArgumentException("x-kubernetes-validations rule at " + (path.isEmpty() ? "/" : path)
            + " does not compile: " + text + ": " + compiled.getErrorString());
      }
      CelRuntime.Program program = RUNTIME.createProgram(compiled.getAst());
      return new Rule(text, rule.path("message").asText(null), rule.path("fieldPath").asText(""),
          OLD_SELF.matcher(text).find(), program);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException("x-kubernetes-validations rule at " + (path.isEmpty() ? "/" : path)
          + " does not compile: " + text + ": " + e.getMessage(), e);
    }
  }

  private static void walk(Node node, JsonNode value, JsonNode old, String pointer, List<Violation> out) {
    if (node == null || value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    Object self = null;
    Object oldSelf = null;
    for (Rule rule : node.rules()) {
      if (rule.transition() && (old == null || old.isMissingNode() || old.isNull())) {
        continue;
      }
      if (self == null) {
        self = CelValues.of(value);
        oldSelf = old == null || old.isMissingNode() || old.isNull() ? null : CelValues.of(old);
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", self);
      if (rule.transition()) {
        vars.put("oldSelf", oldSelf);
      }
      String at = pointer + fieldPointer(rule.fieldPath());
      try {
        Object result = rule.program().eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          out.add(new Violation(at, (rule.message() != null ? rule.message() : "failed rule: " + rule.text())
              + " (x-kubernetes-validations rule: " + rule.text() + ")"));
        }
      } catch (CelEvaluationException e) {
        out.add(new Violation(at, "x-kubernetes-validations rule " + rule.text() + " could not be evaluated: "
            + e.getMessage()));
      }
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Node child = node.properties().get(e.getKey());
        if (child == null && !node.properties().containsKey(e.getKey())) {
          child = node.additionalProperties();
        }
        walk(child, e.getValue(), old == null ? null : old.get(e.getKey()), JsonPointers.append(pointer, e.getKey()),
            out);
      }
    } else if (value.isArray() && node.items() != null) {
      for (int i = 0; i < value.size(); i++) {
        walk(node.items(), value.get(i), null, JsonPointers.append(pointer, i), out);
      }
    }
  }

  /** A rule's fieldPath ({@code .spec.replicas}, {@code .x['a.b']}) as a JSON pointer suffix. */
  private static String fieldPointer(String fieldPath) {
    if (fieldPath == null || fieldPath.isEmpty()) {
      return "";
    }
    String pointer = "";
    Matcher m = FIELD_PATH_STEP.matcher(fieldPath);
    while (m.find()) {
      pointer = JsonPointers.append(pointer, m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return pointer;
  }
}
