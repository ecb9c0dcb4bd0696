package io.hostkeeper.common.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A config record that binds from a mapping like any record, and also from a single scalar
 * through its {@code public static T parse(String)} (e.g. {@code csv: true} for {@code csv: {all_tables: true}}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Shorthand {}
