package io.flinkstack.props;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one declaration of a construct's props: a class named {@code XPropsDeclaration} whose instance fields
 * are the properties (type, name, default value as the field's initializer, Javadoc with {@code @default}). From it
 * {@link PropsProcessor} generates {@code XProps}: the immutable props with a getter per property, and as nested
 * classes {@code BuilderBase<B>} (a setter per property, returning {@code B}), {@code Builder} ({@code
 * XProps.builder()...build()}) and {@code ConstructBuilder<B, C>}, which the construct's own {@code Builder} extends
 * ({@code X.Builder.create(scope, id)...build()}).
 *
 * <p>A declaration that extends another declaration generates props and builders that extend the other's. Its
 * {@code static final} fields become constants of the props class; its static methods annotated {@link PropSetter}
 * become extra setters.
 *
 * <p>With a {@link #name()}, the declaration {@code XDeclaration} is of a value type users pass to props, and
 * generates the final class {@code X}: its getters, a private constructor from its {@code X.Builder} ({@code
 * X.builder()...build()}; none with {@code builder = false}, then a package-private constructor taking every property
 * in declaration order), the declaration's {@code static final} fields as constants, its nested enums (constants and
 * Javadoc), and each other non-private static method as a public static method of {@code X} that calls it (the
 * value's hand-written factories, e.g. {@code HighAvailability.kubernetes(storageDir)}).
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Props {
  /** Props of no construct of their own, only extended by others: no {@code Builder}, no {@code ConstructBuilder}. */
  boolean isAbstract() default false;

  /** The value type this declaration generates; empty for a construct's props, named by the declaration. */
  String name() default "";

  /** A value type with a builder; without, only its static factories make it. */
  boolean builder() default true;
}
