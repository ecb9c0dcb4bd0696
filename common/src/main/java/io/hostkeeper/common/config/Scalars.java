package io.hostkeeper.common.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Converts one scalar to a target type. Every failure is an {@link IllegalArgumentException}
 * whose message says what was expected and what was given (never the value of a {@link Secret}).
 * Besides the built-in types, any class with a {@code public static T parse(String)} method is
 * bound without a change here; only the text of its "expected ..." message belongs in
 * {@link #expected} (without one, a generic "expected a <type name>" is used).
 */
final class Scalars {
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");
  static final int MAX_PATTERN_LENGTH = 4096;

  private Scalars() {}

  static boolean isScalarType(Class<?> type) {
    return type.isPrimitive() || type == String.class || type == Boolean.class || type == Integer.class
        || type == Long.class || type == Double.class || type == Duration.class || type == Secret.class
        || type == Path.class || type == Pattern.class || type == ZoneId.class || type.isEnum()
        || (parseMethod(type) != null && !type.isAnnotationPresent(Shorthand.class));
  }

  /** What a value of this type looks like, for "expected ..." messages. */
  static String expected(Class<?> type) {
    if (type == boolean.class || type == Boolean.class) return "expected true or false";
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "expected a whole number";
    if (type == double.class || type == Double.class) return "expected a number";
    if (type == Duration.class) return Durations.EXPECTED;
    if (type == ByteSize.class) return "expected a size such as 100MiB, 1GB or 4096";
    if (type == HostPort.class) return "expected host:port, e.g. 127.0.0.1:29100";
    if (type == Schedule.class) return Schedule.EXPECTED;
    if (type == Path.class) return "expected a file system path";
    if (type == Pattern.class) return "expected a regular expression";
    if (type == ZoneId.class) return "expected a time zone such as Europe/Berlin or UTC";
    if (type.isEnum()) return "expected one of " + allowed(type);
    if (type == String.class || type == Secret.class) return "expected a text value";
    return "expected a " + KeyNames.snake(type.getSimpleName()).replace('_', ' ');
  }

  static Object convert(Class<?> type, String text) {
    if (type == String.class) return text;
    if (type == Secret.class) return new Secret(text);
    if (type == boolean.class || type == Boolean.class) {
      if (text.equalsIgnoreCase("true")) return Boolean.TRUE;
      if (text.equalsIgnoreCase("false")) return Boolean.FALSE;
      throw bad(type, text);
    }
    if (type == int.class || type == Integer.class) return (int) whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
    if (type == long.class || type == Long.class) return whole(text, Long.MIN_VALUE, Long.MAX_VALUE, type);
    if (type == double.class || type == Double.class) {
      String t = text.trim();
      if (!DECIMAL.matcher(t).matches()) throw bad(type, text);
      double d = Double.parseDouble(t);
      if (Double.isInfinite(d)) throw new IllegalArgumentException("number too large: " + Texts.quote(text));
      return d;
    }
    if (type == Duration.class) return Durations.parse(text);
    if (type == Path.class) return path(text);
    if (type == Pattern.class) return pattern(text);
    if (type == ZoneId.class) return zone(text);
    if (type.isEnum()) return enumValue(type, text);
    Method parse = parseMethod(type);
    if (parse == null) throw new IllegalStateException("no binding for type " + type.getName());
    try {
      return parse.invoke(null, text);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) throw iae;
      if (e.getCause() instanceof RuntimeException re) throw new IllegalStateException(type.getSimpleName() + ".parse failed on " + Texts.quote(text), re);
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long whole(String text, long min, long max, Class<?> type) {
    String t = text.trim();
    if (!INTEGER.matcher(t).matches()) throw bad(type, text);
    try {
      long v = Long.parseLong(t);
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // too many digits for a long: same message as out of range
    }
    throw new IllegalArgumentException("number out of range " + min + " to " + max + ", got " + Texts.quote(text));
  }

  private static Path path(String text) {
    if (text.isBlank()) throw new IllegalArgumentException("expected a file system path, got an empty value");
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid path: " + Texts.quote(text) + " (" + e.getReason() + ")");
    }
  }

  private static Pattern pattern(String text) {
    if (text.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException("regular expression too long (" + text.length() + " characters; at most " + MAX_PATTERN_LENGTH + ")");
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression " + Texts.quote(text) + ": " + e.getDescription()
          + (e.getIndex() >= 0 ? " at position " + e.getIndex() : ""));
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException("regular expression nested too deeply: " + Texts.quote(text));
    }
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + Texts.quote(text) + "; use a region such as Europe/Berlin, or UTC");
    }
  }

  private static Object enumValue(Class<?> type, String text) {
    String wanted = text.trim().replace('-', '_');
    for (Object c : type.getEnumConstants()) {
      if (((Enum<?>) c).name().equalsIgnoreCase(wanted)) return c;
    }
    throw new IllegalArgumentException("expected one of " + allowed(type) + ", got " + Texts.quote(text));
  }

  static String allowed(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static IllegalArgumentException bad(Class<?> type, String text) {
    return new IllegalArgumentException(expected(type) + ", got " + Texts.quote(text));
  }

  private static final ClassValue<Method> PARSE = new ClassValue<>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return findParse(type);
    }
  };

  private static Method parseMethod(Class<?> type) {
    return PARSE.get(type);
  }

  private static Method findParse(Class<?> type) {
    try {
      Method m = type.getMethod("parse", String.class);
      return Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
