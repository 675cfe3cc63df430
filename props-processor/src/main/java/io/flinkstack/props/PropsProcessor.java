package io.flinkstack.props;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes {@code XProps} for every {@link Props} declaration {@code XPropsDeclaration}, and the value type {@code X}
 * for every {@code @Props(name = "X")} declaration {@code XDeclaration}; see {@link Props} for what they hold. Plain
 * text templates, no dependencies: the generated code is a few fixed shapes.
 */
@SupportedAnnotationTypes("io.flinkstack.props.Props")
public final class PropsProcessor extends AbstractProcessor {
  private static final String SUFFIX = "Declaration";

  /** A collection rule: how a list or map is copied into the props. */
  private enum Kind { LIST, MAP, VALUE }

  private record Property(String name, String type, String doc, Kind kind, boolean trackSet, boolean nullMeansDefault,
      boolean keepNull, boolean sorted, String setter, boolean nestedEnum) {
    String getter() {
      return (type.equals("boolean") ? "is" : "get") + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
  }

  private record Overload(String name, String parameterType, String parameter, String doc) {}

  private record Constant(String modifiers, String type, String name, String doc) {}

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(Props.class)) {
      TypeElement declaration = (TypeElement) element;
      String simpleName = declaration.getSimpleName().toString();
      String valueName = declaration.getAnnotation(Props.class).name();
      if (!valueName.isEmpty() && !simpleName.equals(valueName + SUFFIX)) {
        error(declaration, "a @Props(name = \"X\") declaration is named XDeclaration");
        continue;
      }
      if (!simpleName.endsWith(SUFFIX) || simpleName.length() == SUFFIX.length()) {
        error(declaration, "a @Props declaration is named XPropsDeclaration; it generates XProps");
        continue;
      }
      try {
        if (valueName.isEmpty()) {
          write(declaration, simpleName.substring(0, simpleName.length() - SUFFIX.length()));
        } else {
          writeValue(declaration, valueName);
        }
      } catch (IOException e) {
        error(declaration, "cannot write the props class: " + e.getMessage());
      }
    }
    return true;
  }

  private void write(TypeElement declaration, String name) throws IOException {
    String pkg = processingEnv.getElementUtils().getPackageOf(declaration).getQualifiedName().toString();
    String parent = parentProps(declaration);
    boolean isAbstract = declaration.getAnnotation(Props.class).isAbstract();
    List<Property> properties = new ArrayList<>();
    List<Constant> constants = new ArrayList<>();
    fields(declaration, properties, constants);
    List<Overload> overloads = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(declaration.getEnclosedElements())) {
      if (method.getAnnotation(PropSetter.class) == null) {
        continue;
      }
      String property = method.getSimpleName().toString();
      if (!method.getModifiers().contains(Modifier.STATIC) || method.getParameters().size() != 1
          || properties.stream().noneMatch(p -> p.name().equals(property))) {
        error(method, "a @PropSetter is a static method of one parameter named like a property of this declaration");
        continue;
      }
      VariableElement parameter = method.getParameters().get(0);
      overloads.add(new Overload(property, source(parameter.asType()), parameter.getSimpleName().toString(),
          doc(method)));
    }
    Source out = new Source();
    header(out, pkg, declaration, name, parent, isAbstract, constants);
    propsClass(out, declaration, name, parent, isAbstract, properties);
    builderBase(out, declaration, name, parent, properties, overloads);
    if (!isAbstract) {
      builders(out, name);
    }
    out.line("}");
    try (Writer writer = processingEnv.getFiler().createSourceFile(pkg + "." + name, declaration).openWriter()) {
      writer.write(out.toString());
    }
  }

  /** A value type users pass to props: see {@link Props#name()}. */
  private void writeValue(TypeElement declaration, String name) throws IOException {
    String pkg = processingEnv.getElementUtils().getPackageOf(declaration).getQualifiedName().toString();
    String decl = declaration.getSimpleName().toString();
    boolean withBuilder = declaration.getAnnotation(Props.class).builder();
    List<Property> properties = new ArrayList<>();
    List<Constant> constants = new ArrayList<>();
    fields(declaration, properties, constants);
    Source out = new Source();
    opening(out, pkg, declaration, "this type", "public final class " + name + " {");
    constants(out, decl, constants);
    for (TypeElement nested : ElementFilter.typesIn(declaration.getEnclosedElements())) {
      if (nested.getKind() != javax.lang.model.element.ElementKind.ENUM) {
        error(nested, "a value declaration nests enums only");
        continue;
      }
      out.doc(doc(nested), "  ");
      List<Element> values = nested.getEnclosedElements().stream()
          .filter(e -> e.getKind() == javax.lang.model.element.ElementKind.ENUM_CONSTANT).map(e -> (Element) e)
          .toList();
      if (values.stream().allMatch(v -> doc(v).isEmpty())) {
        out.line("  public enum " + nested.getSimpleName() + " { "
            + String.join(", ", values.stream().map(v -> v.getSimpleName().toString()).toList()) + " }").blank();
        continue;
      }
      out.line("  public enum " + nested.getSimpleName() + " {");
      for (int i = 0; i < values.size(); i++) {
        out.doc(doc(values.get(i)), "    ");
        out.line("    " + values.get(i).getSimpleName() + (i < values.size() - 1 ? "," : ""));
      }
      out.line("  }").blank();
    }
    if (withBuilder) {
      out.line("  private static final " + decl + " DEFAULTS = new " + decl + "();").blank();
    }
    for (Property p : properties) {
      out.line("  private final " + p.type() + " " + p.name() + ";");
    }
    out.blank();
    if (withBuilder) {
      out.line("  private " + name + "(Builder b) {");
      for (Property p : properties) {
        out.line("    " + p.name() + " = " + copy(p) + ";");
      }
    } else {
      out.line("  " + name + "(" + String.join(", ", properties.stream().map(p -> p.type() + " " + p.name()).toList())
          + ") {");
      for (Property p : properties) {
        out.line("    this." + p.name() + " = " + copy(p, p.name()) + ";");
      }
    }
    out.line("  }").blank();
    if (withBuilder) {
      out.method("  ", "A builder of {@link " + name + "}; every property starts at its default.",
          "public static Builder builder()", "return new Builder();");
    }
    for (ExecutableElement method : ElementFilter.methodsIn(declaration.getEnclosedElements())) {
      Set<Modifier> modifiers = method.getModifiers();
      if (!modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
        continue;
      }
      List<String> parameters = new ArrayList<>();
      List<String> arguments = new ArrayList<>();
      for (VariableElement parameter : method.getParameters()) {
        parameters.add(local(source(parameter.asType()), declaration) + " " + parameter.getSimpleName());
        arguments.add(parameter.getSimpleName().toString());
      }
      out.method("  ", doc(method), "public static " + local(source(method.getReturnType()), declaration) + " "
          + method.getSimpleName() + "(" + String.join(", ", parameters) + ")",
          "return " + decl + "." + method.getSimpleName() + "(" + String.join(", ", arguments) + ");");
    }
    for (Property p : properties) {
      out.method("  ", p.doc(), "public " + p.type() + " " + p.getter() + "()", "return " + p.name() + ";");
    }
    if (withBuilder) {
      out.line("  /** Builder of {@link " + name + "}. */");
      out.line("  public static final class Builder {");
      for (Property p : properties) {
        String initial = "DEFAULTS." + p.name();
        if (p.nestedEnum()) {
          initial = initial + " == null ? null : " + p.type() + ".valueOf(" + initial + ".name())";
        }
        out.line("    private " + p.type() + " " + p.name() + " = " + initial + ";");
      }
      out.blank();
      out.line("    private Builder() {}").blank();
      for (Property p : properties) {
        out.method("    ", p.doc(), "public Builder " + p.setter() + "(" + p.type() + " " + p.name() + ")",
            "this." + p.name() + " = " + p.name() + ";", "return this;");
      }
      out.doc("The value as set; nothing is checked here: the construct validates it with its props.", "    ");
      out.line("    public " + name + " build() {").line("      return new " + name + "(this);").line("    }");
      out.line("  }");
    }
    out.line("}");
    try (Writer writer = processingEnv.getFiler().createSourceFile(pkg + "." + name, declaration).openWriter()) {
      writer.write(out.toString());
    }
  }

  /** The declaration's properties (its instance fields) and constants (its {@code static final} fields). */
  private void fields(TypeElement declaration, List<Property> properties, List<Constant> constants) {
    for (VariableElement field : ElementFilter.fieldsIn(declaration.getEnclosedElements())) {
      Set<Modifier> modifiers = field.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        error(field, "the generated class reads this field: make it package-private");
      } else if (modifiers.contains(Modifier.STATIC)) {
        if (modifiers.contains(Modifier.FINAL)) {
          constants.add(new Constant(modifiers.contains(Modifier.PUBLIC) ? "public static final" : "static final",
              local(source(field.asType()), declaration), field.getSimpleName().toString(), doc(field)));
        }
      } else {
        properties.add(property(field));
      }
    }
  }

  /** The package, the class's Javadoc (the declaration's) and its first line. */
  private void opening(Source out, String pkg, TypeElement declaration, String what, String classLine) {
    out.line("package " + pkg + ";").blank();
    out.doc(doc(declaration) + "\n\n<p>Generated from {@code " + declaration.getSimpleName()
        + "}, the one declaration of " + what + ": edit that, not this file.", "");
    out.line("@javax.annotation.processing.Generated(\"" + PropsProcessor.class.getName() + "\")");
    out.line(classLine);
  }

  /** The declaration's constants, each the declaration's value. */
  private static void constants(Source out, String decl, List<Constant> constants) {
    for (Constant c : constants) {
      out.doc(c.doc(), "  ");
      out.line("  " + c.modifiers() + " " + c.type() + " " + c.name() + " = " + decl + "." + c.name() + ";");
    }
    out.blank();
  }

  /** The props the declaration's superclass generates, or null. */
  private String parentProps(TypeElement declaration) {
    TypeMirror superclass = declaration.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    Element parent = ((DeclaredType) superclass).asElement();
    if (parent.getAnnotation(Props.class) == null) {
      return null;
    }
    String simpleName = parent.getSimpleName().toString();
    return simpleName.substring(0, simpleName.length() - SUFFIX.length());
  }

  /**
   * The type as source text; {@code java.lang} needs no qualifier. A type generated in the same round (a value type
   * named in a construct's props) is not known yet and reads as the declaration wrote it: its simple name, in the
   * same package.
   */
  private static String source(TypeMirror type) {
    return type.toString().replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "");
  }

  private Property property(VariableElement field) {
    TypeMirror type = field.asType();
    Kind kind = isA(type, "java.util.List") ? Kind.LIST : isA(type, "java.util.Map") ? Kind.MAP : Kind.VALUE;
    Prop prop = field.getAnnotation(Prop.class);
    boolean trackSet = prop != null && prop.trackSet();
    boolean nullMeansDefault = prop != null && prop.nullMeansDefault();
    boolean keepNull = prop != null && prop.keepNull();
    boolean sorted = prop != null && prop.sorted();
    String setter = prop == null || prop.setter().isEmpty() ? field.getSimpleName().toString() : prop.setter();
    if (nullMeansDefault && type.getKind().isPrimitive()) {
      error(field, "a primitive is never null: nullMeansDefault does not apply");
    }
    if (keepNull && kind == Kind.VALUE) {
      error(field, "keepNull is for lists and maps, which are otherwise copied with null as empty");
    }
    if (sorted && kind != Kind.MAP) {
      error(field, "sorted is for maps");
    }
    Element owner = field.getEnclosingElement();
    boolean nestedEnum = type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().getKind() == javax.lang.model.element.ElementKind.ENUM
        && ((DeclaredType) type).asElement().getEnclosingElement().equals(owner);
    return new Property(field.getSimpleName().toString(), local(source(type), owner), doc(field), kind, trackSet,
        nullMeansDefault, keepNull, sorted, setter, nestedEnum);
  }

  /** A type nested in the declaration is nested in the generated class under the same simple name. */
  private static String local(String type, Element declaration) {
    return type.replace(((TypeElement) declaration).getQualifiedName() + ".", "");
  }

  private boolean isA(TypeMirror type, String erasure) {
    var types = processingEnv.getTypeUtils();
    TypeElement element = processingEnv.getElementUtils().getTypeElement(erasure);
    return type.getKind() == TypeKind.DECLARED && types.isSameType(types.erasure(type), types.erasure(element.asType()));
  }

  private String doc(Element element) {
    String doc = processingEnv.getElementUtils().getDocComment(element);
    return doc == null ? "" : doc.strip();
  }

  private void header(Source out, String pkg, TypeElement declaration, String name, String parent, boolean isAbstract,
      List<Constant> constants) {
    String decl = declaration.getSimpleName().toString();
    opening(out, pkg, declaration, "these props", "public " + (isAbstract ? "abstract " : "final ") + "class " + name
        + (parent == null ? "" : " extends " + parent) + " {");
    constants(out, decl, constants);
    out.line("  private static final " + decl + " DEFAULTS = new " + decl + "();").blank();
  }

  private void propsClass(Source out, TypeElement declaration, String name, String parent, boolean isAbstract,
      List<Property> properties) {
    for (Property p : properties) {
      out.line("  private final " + p.type() + " " + p.name() + ";");
      if (p.trackSet()) {
        out.line("  /** Whether {@code " + p.name() + "} was set; if not, it is the declared default. */");
        out.line("  final boolean " + p.name() + "Set;");
      }
    }
    out.blank();
    out.line("  " + name + "(BuilderBase<?> b) {");
    if (parent != null) {
      out.line("    super(b);");
    }
    for (Property p : properties) {
      out.line("    " + p.name() + " = " + copy(p) + ";");
      if (p.trackSet()) {
        out.line("    " + p.name() + "Set = b." + p.name() + "Set;");
      }
    }
    out.line("  }").blank();
    if (!isAbstract) {
      out.method("  ", "A builder of these props; every property starts at its default.", "public static Builder builder()",
          "return new Builder();");
    }
    for (Property p : properties) {
      out.method("  ", p.doc(), "public " + p.type() + " " + p.getter() + "()", "return " + p.name() + ";");
    }
  }

  // Null-tolerant copies: null elements and keys are reported by validation, not thrown here. Maps keep their
  // order; they are sorted after validation.
  private static String copy(Property p) {
    return copy(p, "b." + p.name());
  }

  private static String copy(Property p, String value) {
    return switch (p.kind()) {
      case LIST -> value + " == null ? " + (p.keepNull() ? "null" : "java.util.List.of()")
          + " : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(" + value + "))";
      case MAP -> value + " == null ? " + (p.keepNull() ? "null" : "java.util.Map.of()")
          + " : java.util.Collections.unmodifiableMap(new java.util." + (p.sorted() ? "TreeMap" : "LinkedHashMap")
          + "<>(" + value + "))";
      case VALUE -> p.nullMeansDefault() ? value + " == null ? DEFAULTS." + p.name() + " : " + value : value;
    };
  }

  private void builderBase(Source out, TypeElement declaration, String name, String parent, List<Property> properties,
      List<Overload> overloads) {
    String decl = declaration.getSimpleName().toString();
    out.doc("The setters of {@link " + name + "}'s properties, each starting at its default: shared by {@link "
        + name + "}'s own builder and the construct's.\n\n@param <B> the concrete builder, returned by every setter",
        "  ");
    out.line("  public abstract static class BuilderBase<B extends BuilderBase<B>>"
        + (parent == null ? "" : " extends " + parent + ".BuilderBase<B>") + " {");
    for (Property p : properties) {
      out.line("    private " + p.type() + " " + p.name() + " = DEFAULTS." + p.name() + ";");
      if (p.trackSet()) {
        out.line("    private boolean " + p.name() + "Set;");
      }
    }
    out.blank();
    out.line("    protected BuilderBase() {}").blank();
    if (parent == null) {
      out.line("    @SuppressWarnings(\"unchecked\")");
      out.method("    ", "", "protected final B self()", "return (B) this;");
    }
    for (Property p : properties) {
      out.method("    ", p.doc(), "public B " + p.setter() + "(" + p.type() + " " + p.name() + ")",
          "this." + p.name() + " = " + p.name() + ";", p.trackSet() ? "this." + p.name() + "Set = true;" : null,
          "return self();");
      for (Overload o : overloads) {
        if (o.name().equals(p.name())) {
          out.method("    ", o.doc(), "public B " + o.name() + "(" + o.parameterType() + " " + o.parameter() + ")",
              "return " + o.name() + "(" + decl + "." + o.name() + "(" + o.parameter() + "));");
        }
      }
    }
    out.line("  }").blank();
  }

  private static void builders(Source out, String name) {
    out.text("""
          /** The builder of {@link %1$s}: {@code %1$s.builder()...build()}. */
          public static final class Builder extends BuilderBase<Builder> {
            private Builder() {}

            /** The props as set; nothing is checked here: the construct validates them all at once. */
            public %1$s build() {
              return new %1$s(this);
            }
          }

          /** A construct's constructor {@code (scope, id, props)}. */
          @FunctionalInterface
          public interface ConstructFactory<C> {
            C create(software.constructs.Construct scope, String id, %1$s props);
          }

          /**
           * The base of the construct's JSII-style builder, {@code Construct.Builder.create(scope, id)...build()}: the
           * same setters as {@link Builder}, and {@link #build()} makes the construct.
           *
           * @param <B> the construct's builder
           * @param <C> the construct
           */
          public abstract static class ConstructBuilder<B extends ConstructBuilder<B, C>, C> extends BuilderBase<B> {
            private final software.constructs.Construct scope;
            private final String id;
            private final ConstructFactory<C> factory;

            protected ConstructBuilder(software.constructs.Construct scope, String id, ConstructFactory<C> factory) {
              this.scope = scope;
              this.id = id;
              this.factory = factory;
            }

            /** Validates every property and adds the construct to its scope. */
            public C build() {
              return factory.create(scope, id, new %1$s(this));
            }
          }
        """.formatted(name));
  }

  private void error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /** The generated file's text. */
  private static final class Source {
    private final StringBuilder text = new StringBuilder();

    Source line(String line) {
      text.append(line).append('\n');
      return this;
    }

    Source blank() {
      return line("");
    }

    /** Text as it is, lines and all. */
    Source text(String text) {
      this.text.append(text);
      return this;
    }

    /** A method: its doc, signature and body (null lines left out), then a blank line. */
    Source method(String indent, String doc, String signature, String... body) {
      doc(doc, indent).line(indent + signature + " {");
      for (String statement : body) {
        if (statement != null) {
          line(indent + "  " + statement);
        }
      }
      return line(indent + "}").blank();
    }

    /** A Javadoc comment from the declaration's text (as {@code getDocComment} gives it: no stars). */
    Source doc(String doc, String indent) {
      if (doc.isEmpty()) {
        return this;
      }
      if (!doc.contains("\n") && indent.length() + doc.length() + 7 <= 120) {
        return line(indent + "/** " + doc + " */");
      }
      line(indent + "/**");
      for (String l : doc.split("\n", -1)) {
        String stripped = l.stripTrailing();
        line(indent + " *" + (stripped.isEmpty() || stripped.startsWith(" ") ? stripped : " " + stripped));
      }
      return line(indent + " */");
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
