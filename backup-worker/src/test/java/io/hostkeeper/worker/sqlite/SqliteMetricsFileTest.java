package io.hostkeeper.worker.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file that keeps a database's last maintenance values across restarts. */
class SqliteMetricsFileTest {
  @TempDir Path dir;

  @Test
  void valuesAreKeptInAPropertiesFileReadableByAll() throws Exception {
    SqliteMetrics m = SqliteMetrics.in(new PrometheusRegistry());
    Path file = dir.resolve("sqlite").resolve("app.metrics");
    m.track("app", file);
    m.record("app", Map.of(SqliteMetrics.SIZE, 4096.0, SqliteMetrics.INTEGRITY, 1.0));
    m.record("app", Map.of(SqliteMetrics.INTEGRITY, 0.0));
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    assertEquals("4096.0", p.getProperty(SqliteMetrics.SIZE));
    assertEquals("0.0", p.getProperty(SqliteMetrics.INTEGRITY));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left");
    }
  }

  @Test
  void aLinkPlantedAtTheOldTemporaryNameIsNotWrittenThrough() throws Exception {
    Path sqlite = Files.createDirectories(dir.resolve("sqlite"));
    Path victim = Files.writeString(dir.resolve("victim"), "untouched");
    Files.createSymbolicLink(sqlite.resolve("app.metrics.tmp"), victim);
    SqliteMetrics m = SqliteMetrics.in(new PrometheusRegistry());
    m.track("app", sqlite.resolve("app.metrics"));
    m.record("app", Map.of(SqliteMetrics.SIZE, 1.0));
    assertEquals("untouched", Files.readString(victim));
    assertTrue(Files.readString(sqlite.resolve("app.metrics")).contains(SqliteMetrics.SIZE));
  }

  @Test
  void aWriteThatFailsLeavesNoTemporaryFile() throws Exception {
    Path sqlite = Files.createDirectories(dir.resolve("sqlite"));
    Files.writeString(Files.createDirectories(sqlite.resolve("app.metrics")).resolve("keep"), "kept");
    SqliteMetrics m = SqliteMetrics.in(new PrometheusRegistry());
    m.track("app", sqlite.resolve("app.metrics"));
    assertThrows(IOException.class, () -> m.record("app", Map.of(SqliteMetrics.SIZE, 1.0)));
    assertEquals("kept", Files.readString(sqlite.resolve("app.metrics").resolve("keep")));
    try (var files = Files.list(sqlite)) {
      assertEquals(List.of(sqlite.resolve("app.metrics")), files.toList(), "no temporary file is left");
    }
  }
}
