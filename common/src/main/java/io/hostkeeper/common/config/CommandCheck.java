package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.List;

/** Up when the argv exits 0 within the timeout (run directly, never through a shell). */
public record CommandCheck(@Required List<String> command, @Default("5s") Duration timeout) {
  public CommandCheck {
    command = command == null ? null : List.copyOf(command);
    if (command != null && command.isEmpty()) throw new ConfigViolation("command", "must name a program");
  }
}
