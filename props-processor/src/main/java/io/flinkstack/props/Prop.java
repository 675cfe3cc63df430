package io.flinkstack.props;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How one property of a {@link Props} declaration differs from the rule: a list or map is copied into an
 * unmodifiable one (null becomes empty; null elements are kept for validation to report), anything else is taken as
 * set.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Prop {
  /** The props record whether the setter was called, in a package-private {@code boolean <name>Set}. */
  boolean trackSet() default false;

  /** A null set becomes the declared default when the props are built. */
  boolean nullMeansDefault() default false;

  /** A list or map set to null stays null (instead of empty). */
  boolean keepNull() default false;

  /** A map is copied into a sorted one (a {@code TreeMap}) instead of keeping its order. */
  boolean sorted() default false;

  /** The setter's name, when it is not the property's (e.g. {@code protectedBy} for {@code protection}). */
  String setter() default "";
}
