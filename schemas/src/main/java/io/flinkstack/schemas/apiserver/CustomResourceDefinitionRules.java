package io.flinkstack.schemas.apiserver;

/**
 * CustomResourceDefinitions, as far as their metadata goes: apiextensions-apiserver's
 * {@code pkg/apis/apiextensions/validation} ValidateCustomResourceDefinition requires the name to be
 * {@code <spec.names.plural>.<spec.group>}.
 */
final class CustomResourceDefinitionRules {
  private CustomResourceDefinitionRules() {}

  static void check(Field object, Problems problems) {
    Field name = object.get("metadata", "name");
    String plural = object.get("spec", "names", "plural").textOrEmpty();
    String group = object.get("spec", "group").textOrEmpty();
    if (name.isText() && !plural.isEmpty() && !group.isEmpty() && !name.text().equals(plural + "." + group)) {
      problems.report(name, "a CustomResourceDefinition must be named spec.names.plural + '.' + spec.group, here '"
          + plural + "." + group + "'");
    }
  }
}
