package io.hostkeeper.common.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when its key is absent, written as the YAML text a user
 * would write (a scalar such as {@code "1s"}, or a flow mapping/sequence such as
 * {@code "{warning: 80, critical: 95}"}). It is bound exactly like user input.
 *
 * <p>Binding rules for absent keys: a component with {@code @Default} gets the default; a
 * {@code @Required} component is an error; a nested record without either is bound from an empty
 * mapping (so its own defaults apply); a {@code List} is empty; anything else is {@code null}.
 *
 * <p>An empty value ({@code key:} or {@code ~}) counts as absent, except that a nested record is
 * then present with its defaults (so {@code restart:} alone switches restarts on) and a list is
 * empty. A YAML key is the component name in snake_case ({@code maxStaleness} ↔
 * {@code max_staleness}). Text that YAML cannot read unquoted, such as {@code "@daily"}, is taken
 * as a plain string.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  String value();
}
