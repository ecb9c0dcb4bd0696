package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunAsConfigBindingTest {
  private static List<LogConfig> logs(String yaml) {
    return ConfigLoader.parse(yaml, "test.yml").config().logs();
  }

  @Test
  void runAsIsAbsentUnlessWrittenAndTheGroupIsOptional() {
    List<LogConfig> l = logs("""
        logs:
          - path: /var/log/a.log
          - path: /var/log/app/b.log
            run_as: {user: app}
          - path: /var/log/app/c.log
            run_as:
              user: app
              group: adm
        """);
    assertNull(l.get(0).runAs());
    assertEquals(new RunAsConfig("app", null), l.get(1).runAs());
    assertEquals(new RunAsConfig("app", "adm"), l.get(2).runAs());
  }

  @Test
  void runAsWithoutAUserOrAsRootIsRefusedAtItsKeyAndLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> logs("""
        logs:
          - path: /var/log/app/a.log
            run_as: {group: adm}
          - path: /var/log/app/b.log
            run_as: {user: root}
        """));
    List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("logs[0].run_as.user: line 3"), errors.get(0));
    assertTrue(errors.get(1).startsWith("logs[1].run_as.user: line 5") && errors.get(1).contains("run_as root changes nothing"),
        errors.get(1));
  }
}
