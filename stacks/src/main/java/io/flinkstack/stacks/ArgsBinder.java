package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.pulumi.core.Either;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a typed Pulumi Kubernetes args object ({@code StatefulSetArgs}, {@code ContainerArgs}, …) from a
 * synthesized object's JSON tree, through the SDK's own builders. The tree is the bridge: fabric8's model and
 * the SDK share no types, only Kubernetes' field names (see the stacks README).
 *
 * <p>Why this way: every args class of the SDK declares its fields with {@code @Import(name = "<Kubernetes
 * field name>")}, and Pulumi's serializer reads exactly those annotations to turn args into the JSON the
 * provider receives. Reading them in the other direction is that serializer's inverse, so one small
 * function covers every kind the SDK knows (and the ones the constructs will add) without a hand-written
 * line per field, and a field the args class has no place for is reported, never dropped: the caller
 * then registers the object untyped, with every field.
 */
final class ArgsBinder {
  private static final ClassValue<Map<String, Setter>> SETTERS = new ClassValue<>() {
    @Override
    protected Map<String, Setter> computeValue(Class<?> argsClass) {
      return settersOf(argsClass);
    }
  };

  private ArgsBinder() {}

  /** A field of an args class: the builder method that takes it as an {@code Output}, and its value type. */
  private record Setter(Method builderMethod, Type valueType) {}

  static <A extends ResourceArgs> A bind(JsonNode object, Class<A> argsClass) throws UnbindableFieldException {
    return argsClass.cast(bindArgs(object, argsClass, ""));
  }

  private static Object bindArgs(JsonNode node, Class<?> argsClass, String path) throws UnbindableFieldException {
    if (!node.isObject()) {
      throw new UnbindableFieldException(display(path), "expected an object, got " + node.getNodeType());
    }
    Map<String, Setter> setters = SETTERS.get(argsClass);
    Object builder = invoke(argsClass, "builder", null, path);
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (field.getValue().isNull()) {
        continue; // null means absent, as for kubectl and the API server
      }
      Setter setter = setters.get(field.getKey());
      if (setter == null) {
        throw new UnbindableFieldException(fieldPath, "no such field in " + argsClass.getName());
      }
      Object value = convert(field.getValue(), setter.valueType(), fieldPath);
      try {
        setter.builderMethod().invoke(builder, Output.of(value));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new UnbindableFieldException(fieldPath, "the builder refused it: " + rootMessage(e));
      }
    }
    // build() checks the fields the API marks required; a manifest without one is left to the API server.
    return invoke(builder.getClass(), "build", builder, path);
  }

  private static Object convert(JsonNode node, Type type, String path) throws UnbindableFieldException {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == List.class && node.isArray()) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
          list.add(convert(nonNull(node.get(i), path + "[" + i + "]"), arguments[0], path + "[" + i + "]"));
        }
        return list;
      }
      if (raw == Map.class && node.isObject()) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          String entryPath = path + "." + entry.getKey();
          map.put(entry.getKey(), convert(nonNull(entry.getValue(), entryPath), arguments[1], entryPath));
        }
        return map;
      }
      if (raw == Either.class) {
        // IntOrString and friends: the JSON value's own type picks the side.
        if (fits(node, arguments[0])) {
          return Either.ofLeft(convert(node, arguments[0], path));
        }
        if (fits(node, arguments[1])) {
          return Either.ofRight(convert(node, arguments[1], path));
        }
      }
    } else if (type instanceof Class<?> target) {
      if (target == String.class && node.isTextual()) {
        return node.textValue();
      }
      if (target == Integer.class && node.isIntegralNumber() && node.canConvertToInt()) {
        return node.intValue();
      }
      if (target == Double.class && node.isNumber()) {
        return node.doubleValue();
      }
      if (target == Boolean.class && node.isBoolean()) {
        return node.booleanValue();
      }
      if (target == JsonElement.class) {
        return JsonParser.parseString(node.toString());
      }
      if (target == Object.class) {
        return JsonValues.plain(node);
      }
      if (ResourceArgs.class.isAssignableFrom(target)) {
        return bindArgs(node, target, path);
      }
    }
    throw new UnbindableFieldException(display(path), node.getNodeType() + " does not fit " + type.getTypeName());
  }

  private static boolean fits(JsonNode node, Type type) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return node.isTextual();
    }
    if (raw == Integer.class) {
      return node.isIntegralNumber();
    }
    if (raw == Double.class) {
      return node.isNumber();
    }
    if (raw == Boolean.class) {
      return node.isBoolean();
    }
    if (raw == List.class) {
      return node.isArray();
    }
    if (raw == Map.class || ResourceArgs.class.isAssignableFrom(raw)) {
      return node.isObject();
    }
    return raw == JsonElement.class || raw == Object.class;
  }

  private static JsonNode nonNull(JsonNode node, String path) throws UnbindableFieldException {
    if (node.isNull()) {
      throw new UnbindableFieldException(path, "null inside a list or map");
    }
    return node;
  }

  private static Map<String, Setter> settersOf(Class<?> argsClass) {
    Map<String, Method> outputMethods = new HashMap<>();
    Class<?> builderClass = builderClassOf(argsClass);
    for (Method m : builderClass.getMethods()) {
      if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Output.class) {
        outputMethods.put(m.getName(), m);
      }
    }
    Map<String, Setter> setters = new HashMap<>();
    for (Field field : argsClass.getDeclaredFields()) {
      Import imported = field.getAnnotation(Import.class);
      Method method = outputMethods.get(field.getName());
      if (imported == null || method == null || Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      Type fieldType = field.getGenericType();
      if (fieldType instanceof ParameterizedType output && output.getRawType() == Output.class) {
        setters.put(imported.name(), new Setter(method, output.getActualTypeArguments()[0]));
      }
    }
    return Map.copyOf(setters);
  }

  private static Class<?> builderClassOf(Class<?> argsClass) {
    try {
      return argsClass.getMethod("builder").getReturnType();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(argsClass.getName() + " has no builder()", e);
    }
  }

  private static Object invoke(Class<?> type, String method, Object target, String path)
      throws UnbindableFieldException {
    try {
      return type.getMethod(method).invoke(target);
    } catch (InvocationTargetException e) {
      throw new UnbindableFieldException(display(path), rootMessage(e));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException(type.getName() + "." + method + "() cannot be called", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String display(String path) {
    return path.isEmpty() ? "(object)" : path;
  }
}
