package io.flinkstack.schemas.apiserver;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Label maps and label selectors: apimachinery's {@code pkg/apis/meta/v1/validation} ValidateLabels,
 * ValidateLabelSelector and ValidateLabelSelectorRequirement (new objects never get
 * AllowInvalidLabelValueInSelector), plus {@code metav1.LabelSelectorAsSelector(...).Matches} for the workload rule
 * that the selector must select the pod template.
 */
final class Selectors {
  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

  private Selectors() {}

  /** Keys are qualified names, values label values; used for labels, selectors and nodeSelector alike. */
  static void labels(Field labels, Problems problems) {
    labels.fields().forEach((key, value) -> {
      String keyProblem = Formats.qualifiedName(key);
      if (keyProblem != null) {
        problems.report(value, "label key '" + key + "' " + keyProblem);
      }
      String text = value.text();
      if (text != null) {
        String valueProblem = Formats.labelValue(text);
        if (valueProblem != null) {
          problems.report(value, "label value " + value.shown() + " " + valueProblem);
        }
      }
    });
  }

  /** A LabelSelector: matchLabels as labels, each matchExpression's operator, key and values. */
  static void selector(Field selector, Problems problems) {
    labels(selector.get("matchLabels"), problems);
    for (Field expression : selector.get("matchExpressions").items()) {
      Field operator = expression.get("operator");
      Field values = expression.get("values");
      String op = operator.text();
      if (op != null && !OPERATORS.contains(op)) {
        problems.report(operator, operator.shown() + " is not a selector operator; use In, NotIn, Exists or"
            + " DoesNotExist");
      } else if (("In".equals(op) || "NotIn".equals(op)) && !values.hasEntries()) {
        problems.report(values, "must list at least one value when the operator is " + op);
      } else if (("Exists".equals(op) || "DoesNotExist".equals(op)) && values.hasEntries()) {
        problems.report(values, "must be empty when the operator is " + op + "; remove the values");
      }
      String key = expression.get("key").text();
      if (key != null) {
        String keyProblem = Formats.qualifiedName(key);
        if (keyProblem != null) {
          problems.report(expression.get("key"), "label key '" + key + "' " + keyProblem);
        }
      }
      for (Field value : values.items()) {
        String text = value.text();
        String valueProblem = text == null ? null : Formats.labelValue(text);
        if (valueProblem != null) {
          problems.report(value, "label value " + value.shown() + " " + valueProblem);
        }
      }
    }
  }

  /** True when the selector has neither matchLabels nor matchExpressions, i.e. selects everything. */
  static boolean isEmpty(Field selector) {
    return !selector.get("matchLabels").hasEntries() && !selector.get("matchExpressions").hasEntries();
  }

  /** Whether {@code selector} selects an object carrying {@code labels}. */
  static boolean matches(Field selector, Field labels) {
    Map<String, String> actual = new HashMap<>();
    labels.fields().forEach((key, value) -> actual.put(key, value.textOrEmpty()));
    for (Map.Entry<String, Field> wanted : selector.get("matchLabels").fields().entrySet()) {
      if (!wanted.getValue().textOrEmpty().equals(actual.get(wanted.getKey()))) {
        return false;
      }
    }
    for (Field expression : selector.get("matchExpressions").items()) {
      String key = expression.get("key").textOrEmpty();
      boolean present = actual.containsKey(key);
      boolean listed = expression.get("values").items().stream()
          .anyMatch(v -> v.textOrEmpty().equals(actual.get(key)));
      boolean ok = switch (expression.get("operator").textOrEmpty()) {
        case "In" -> present && listed;
        case "NotIn" -> !present || !listed;
        case "Exists" -> present;
        case "DoesNotExist" -> !present;
        default -> true; // reported by selector(); do not add a second finding
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
