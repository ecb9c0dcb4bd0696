package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogConfigBindingTest {

  private static List<LogConfig> logs(String yaml) {
    return ConfigLoader.parse(yaml, "test.yml").config().logs();
  }

  @Test
  void createIsAbsentUnlessWrittenAndAnEmptyMappingMeansCopyTheRotatedFile() {
    List<LogConfig> l = logs("""
        logs:
          - path: /var/log/a.log
          - path: /var/log/b.log
            create: {}
          - path: /var/log/c.log
            create: {mode: "0640", group: adm}
        """);
    assertNull(l.get(0).create());
    assertNotNull(l.get(1).create());
    assertNull(l.get(1).create().mode());
    assertEquals("0640", l.get(2).create().mode());
    assertEquals("adm", l.get(2).create().group());
  }

  @Test
  void crossFieldRulesNameTheKeyAndLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> logs("""
        logs:
          - path: /var/log/*/app.log
          - path: /var/log/b.log
            mode: copytruncate
            create: {}
          - path: /var/log/c.log
            date_ext: true
            date_format: ddMMyyyy
        """));
    List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("logs[0].path: line 2: a glob is only allowed in the file name"), errors.get(0));
    assertTrue(errors.get(1).startsWith("logs[1].create: line "), errors.get(1));
    assertTrue(errors.get(2).startsWith("logs[2].date_format: line "), errors.get(2));
    assertTrue(errors.get(2).contains("does not sort in time order"), errors.get(2));
  }
}
