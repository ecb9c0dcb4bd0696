package io.hostkeeper.common.config;

import java.util.function.UnaryOperator;

/**
 * Replaces {@code ${env:NAME}} in a scalar with the environment variable's value; {@code $${env:}}
 * stands for a literal {@code ${env:}}. Other {@code ${...}} text is left as written.
 */
final class EnvInterpolator {
  private static final String OPEN = "${env:";

  private final UnaryOperator<String> env;

  EnvInterpolator(UnaryOperator<String> env) {
    this.env = env;
  }

  /** @throws IllegalArgumentException naming the unset variable or the malformed reference */
  String apply(String text) {
    int at = text.indexOf(OPEN);
    if (at < 0) return text;
    StringBuilder sb = new StringBuilder(text.length());
    int from = 0;
    while (at >= 0) {
      if (at > 0 && text.charAt(at - 1) == '$') {
        sb.append(text, from, at - 1).append(OPEN);
        from = at + OPEN.length();
      } else {
        int close = text.indexOf('}', at);
        String name = close < 0 ? "" : text.substring(at + OPEN.length(), close);
        if (close < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("malformed environment reference; write ${env:NAME} with NAME of letters, digits and '_'");
        }
        String value = env.apply(name);
        if (value == null) {
          throw new IllegalArgumentException("environment variable " + name + " is not set (referenced as ${env:" + name + "})");
        }
        sb.append(text, from, at).append(value);
        from = close + 1;
      }
      at = text.indexOf(OPEN, from);
    }
    return sb.append(text, from, text.length()).toString();
  }
}
