package io.hostkeeper.common.config;

import java.util.regex.Pattern;

/** Up when at least {@code min} processes have a name or command line matching {@code match}. */
public record ProcessCheck(@Required Pattern match, @Default("1") int min) {
  public ProcessCheck {
    if (min < 1) throw new ConfigViolation("min", "must be at least 1");
  }
}
