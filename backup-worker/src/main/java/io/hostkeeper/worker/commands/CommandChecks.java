package io.hostkeeper.worker.commands;

import io.hostkeeper.common.config.CommandConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of {@code commands:} that need the host, for {@code check-config} and start-up: the
 * programs exist and are executable, the working directory exists, and a {@code user:} names a
 * known user while the worker runs as root (dropping privileges needs root).
 */
public final class CommandChecks {
  /** What the checks ask of the host; tests pass a fake. */
  interface Host {
    boolean isRoot();

    boolean userExists(String name);

    /** The executable {@code program} resolves to, empty when none. */
    Optional<Path> resolve(String program);
  }

  static final Host REAL = new Host() {
    @Override
    public boolean isRoot() {
      try {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
      } catch (IOException | RuntimeException e) {
        return "root".equals(System.getProperty("user.name"));
      }
    }

    @Override
    public boolean userExists(String name) {
      try {
        FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
        return true;
      } catch (UserPrincipalNotFoundException e) {
        return false;
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }

    @Override
    public Optional<Path> resolve(String program) {
      if (program.contains("/")) {
        Path p = Path.of(program);
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
      }
      String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path p = Path.of(dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
      }
      return Optional.empty();
    }
  };

  private CommandChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    return check(loaded, REAL);
  }

  static List<ConfigError> check(LoadedConfig loaded, Host host) {
    List<ConfigError> errors = new ArrayList<>();
    List<CommandConfig> commands = loaded.config().commands();
    for (int i = 0; i < commands.size(); i++) {
      CommandConfig c = commands.get(i);
      String at = "commands[" + i + "]";
      program(loaded, host, at + ".command[0]", c.command(), errors);
      if (!c.onFailure().isEmpty()) program(loaded, host, at + ".on_failure[0]", c.onFailure(), errors);
      if (c.workingDir() != null && !Files.isDirectory(c.workingDir())) {
        errors.add(loaded.errorAt(at + ".working_dir", "not a directory: " + c.workingDir()));
      }
      if (c.user() != null) {
        if (!host.isRoot()) {
          errors.add(loaded.errorAt(at + ".user", "running as another user needs the worker to run as root; "
              + "remove user: or run the worker as root"));
        } else if (!host.userExists(c.user())) {
          errors.add(loaded.errorAt(at + ".user", "no such user: " + c.user()));
        } else if (host.resolve(CommandLine.RUNUSER).isEmpty()) {
          errors.add(loaded.errorAt(at + ".user", CommandLine.RUNUSER + " (util-linux) is needed to run as " + c.user() + " but is missing"));
        }
      }
    }
    return errors;
  }

  private static void program(LoadedConfig loaded, Host host, String key, List<String> argv, List<ConfigError> errors) {
    String program = argv.get(0);
    if (host.resolve(program).isEmpty()) {
      errors.add(loaded.errorAt(key, program.contains("/")
          ? "no executable file " + program
          : "command not found: " + program + " (not on the worker's PATH; give the absolute path)"));
    }
  }
}
