package io.hostkeeper.worker.backup.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows are streamed: an export more than twice the size of the heap of the JVM that writes it succeeds. */
class CsvExportMemoryTest {
  @TempDir Path dir;

  @Test
  void anExportLargerThanTheHeapIsStreamed() throws Exception {
    Path db = dir.resolve("small.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (x)");
    }
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), CsvExportChild.class.getName(),
        db.toString(), dir.resolve("scratch").toString(), "450000");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
    assertEquals(0, p.exitValue(), out);
    long bytes = Long.parseLong(out.lines().filter(l -> l.startsWith("BYTES ")).findFirst().orElseThrow().substring(6));
    assertTrue(bytes > 2L * 32 * 1024 * 1024, "the export (" + bytes + " bytes) is larger than two heaps");
  }
}
