package io.flinkstack.versions;

import io.flinkstack.contract.FlinkVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The configuration keys a Flink version's jars define: every {@code ConfigOption} held in a public static field of
 * a class named {@code *Options} (Flink's convention: CoreOptions, JobManagerOptions, CheckpointingOptions, ...),
 * with its fallback and deprecated keys.
 *
 * @param primary key to the class declaring it
 * @param fallback fallback or deprecated key to a description ("deprecated for X in Y" / "fallback for X in Y")
 * @param deprecated the subset of {@code fallback} Flink marks deprecated (it logs a warning when read)
 * @param unloadable {@code *Options} classes that failed to initialize (a jar missing from the pom), with the error
 */
record KnownKeys(Map<String, String> primary, Map<String, String> fallback, Map<String, String> deprecated,
    Map<String, String> unloadable, int classes) {

  private static final Map<FlinkVersion, KnownKeys> CACHE = new ConcurrentHashMap<>();

  static KnownKeys of(FlinkVersion v) {
    return CACHE.computeIfAbsent(v, KnownKeys::scan);
  }

  boolean knows(String key) {
    return primary.containsKey(key) || fallback.containsKey(key);
  }

  private static KnownKeys scan(FlinkVersion v) {
    ClassLoader loader = VersionJars.loader(v);
    Class<?> configOption = VersionJars.load(v, "org.apache.flink.configuration.ConfigOption");
    Map<String, String> primary = new TreeMap<>();
    Map<String, String> fallback = new TreeMap<>();
    Map<String, String> deprecated = new TreeMap<>();
    Map<String, String> unloadable = new TreeMap<>();
    int classes = 0;
    for (Path jar : VersionJars.jars(v)) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (JarEntry e : Collections.list(file.entries())) {
          String name = e.getName();
          if (!name.startsWith("org/apache/flink/") || !name.endsWith("Options.class")) {
            continue;
          }
          String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          Class<?> c;
          try {
            c = Class.forName(className, true, loader);
          } catch (ReflectiveOperationException | LinkageError ex) {
            unloadable.put(className, jar.getFileName() + ": " + ex);
            continue;
          }
          classes++;
          for (Field f : c.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !configOption.isAssignableFrom(f.getType())) {
              continue;
            }
            Object option = f.get(null);
            String key = (String) configOption.getMethod("key").invoke(option);
            String where = c.getSimpleName() + "." + f.getName();
            primary.putIfAbsent(key, where);
            for (Object fb : (Iterable<?>) configOption.getMethod("fallbackKeys").invoke(option)) {
              String fbKey = (String) fb.getClass().getMethod("getKey").invoke(fb);
              boolean isDeprecated = (Boolean) fb.getClass().getMethod("isDeprecated").invoke(fb);
              String text = (isDeprecated ? "deprecated" : "fallback") + " key for " + key + " (" + where + ")";
              fallback.putIfAbsent(fbKey, text);
              if (isDeprecated) {
                deprecated.putIfAbsent(fbKey, text);
              }
            }
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException(VersionJars.describe(v) + ": cannot read its ConfigOptions", ex);
      }
    }
    // A key that is primary somewhere is known as such, even if another option lists it as a fallback.
    fallback.keySet().removeAll(primary.keySet());
    deprecated.keySet().removeAll(primary.keySet());
    return new KnownKeys(primary, fallback, deprecated, unloadable, classes);
  }
}
