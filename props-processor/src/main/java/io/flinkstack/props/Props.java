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
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Props {
  /** Props of no construct of their own, only extended by others: no {@code Builder}, no {@code ConstructBuilder}. */
  boolean isAbstract() default false;
}
