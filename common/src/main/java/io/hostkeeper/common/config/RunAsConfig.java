package io.hostkeeper.common.config;

/**
 * logrotate's {@code su user group}: the user (and group; absent means the user's primary group)
 * whose filesystem rights a log entry's file work uses.
 */
public record RunAsConfig(@Required String user, String group) {
  public RunAsConfig {
    if (user != null && user.isBlank()) throw new ConfigViolation("user", "must not be empty");
    if (group != null && group.isBlank()) throw new ConfigViolation("group", "must not be empty; leave it out for the user's primary group");
    if ("root".equals(user)) {
      throw new ConfigViolation("user", "run_as root changes nothing (the worker already acts as root); remove run_as,"
          + " or name the user who owns the log directory");
    }
  }
}
