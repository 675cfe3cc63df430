package io.flinkstack.props;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a static method of a {@link Props} declaration named like a property, taking one argument and returning the
 * property's type: the builders get a setter overload {@code name(argument)} that sets the property to the method's
 * result.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface PropSetter {}
