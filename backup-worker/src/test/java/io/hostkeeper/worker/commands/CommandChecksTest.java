package io.hostkeeper.worker.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** check-config on commands: programs, working directory and user, each at its YAML path and line. */
class CommandChecksTest {
  record FakeHost(boolean isRoot, Set<String> users, Set<String> programs) implements CommandChecks.Host {
    @Override
    public boolean userExists(String name) {
      return users.contains(name);
    }

    @Override
    public Optional<Path> resolve(String program) {
      return programs.contains(program) ? Optional.of(Path.of(program)) : Optional.empty();
    }
  }

  static LoadedConfig load(String yaml) {
    return ConfigLoader.parse(yaml, "hk.yml", name -> null);
  }

  static List<String> errors(String yaml, CommandChecks.Host host) {
    return CommandChecks.check(load(yaml), host).stream().map(ConfigError::toString).toList();
  }

  static final String YAML = """
      commands:
        - name: health
          schedule: "@hourly"
          command: ["hk-health", "--quick"]
          on_failure: ["/usr/local/bin/notify"]
          working_dir: /nonexistent/work
          user: backup
      """;

  @Test
  void aMissingProgramAndDirectoryAreNamedWithTheirLines() {
    List<String> errors = errors(YAML, new FakeHost(true, Set.of("backup"), Set.of(CommandLine.RUNUSER)));
    assertEquals(List.of(
        "commands[0].command[0]: line 4: command not found: hk-health (not on the worker's PATH; give the absolute path)",
        "commands[0].on_failure[0]: line 5: no executable file /usr/local/bin/notify",
        "commands[0].working_dir: line 6: not a directory: /nonexistent/work"), errors);
  }

  @Test
  void userNeedsRootAndAKnownUser() {
    Set<String> programs = Set.of("hk-health", "/usr/local/bin/notify", CommandLine.RUNUSER);
    String yaml = YAML.replace("    working_dir: /nonexistent/work\n", "");
    assertEquals(List.of("commands[0].user: line 6: running as another user needs the worker to run as root; "
        + "remove user: or run the worker as root"), errors(yaml, new FakeHost(false, Set.of("backup"), programs)));
    assertEquals(List.of("commands[0].user: line 6: no such user: backup"), errors(yaml, new FakeHost(true, Set.of(), programs)));
    assertEquals(List.of(), errors(yaml, new FakeHost(true, Set.of("backup"), programs)));
  }

  @Test
  void theRealHostFindsShAndNotAMissingProgram() {
    assertEquals(true, CommandChecks.REAL.resolve("sh").isPresent());
    assertEquals(false, CommandChecks.REAL.resolve("/nonexistent/hk-health").isPresent());
    assertEquals(false, CommandChecks.REAL.resolve("hk-no-such-program-here").isPresent());
  }
}
