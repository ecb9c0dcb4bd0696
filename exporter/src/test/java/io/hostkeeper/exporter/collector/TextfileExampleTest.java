package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.TextfileConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.TextMetrics;
import io.hostkeeper.exporter.collector.service.Exposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The textfile script docs/configuration.md shows: it is the example file, it runs, and the collector reads what it wrote. */
class TextfileExampleTest {
  static final Path SCRIPT = Path.of("../examples/textfile/app-rows.sh");

  @Test
  void theDocsShowTheExampleScriptAsItIs() throws Exception {
    assertTrue(Files.readString(Path.of("../docs/configuration.md")).contains("```sh\n" + Files.readString(SCRIPT) + "```"),
        "docs/configuration.md shows examples/textfile/app-rows.sh verbatim");
  }

  @Test
  void theExampleScriptWritesARowCountTheCollectorReads(@TempDir Path dir) throws Exception {
    Path sqlite3 = RealStack.require("sqlite3", "sqlite3");
    Path db = dir.resolve("data.db");
    Path textfiles = Files.createDirectory(dir.resolve("textfile"));
    run(List.of(sqlite3.toString(), db.toString(), "CREATE TABLE orders(id INTEGER); INSERT INTO orders VALUES (1),(2),(3);"),
        dir);
    ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toAbsolutePath().toString()).redirectErrorStream(true);
    pb.environment().put("TEXTFILE_DIR", textfiles.toString());
    pb.environment().put("APP_DB", db.toString());
    pb.environment().put("PATH", sqlite3.getParent() + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script finished");
    assertEquals(0, p.exitValue(), out);
    try (var left = Files.list(textfiles)) {
      assertEquals(List.of("app-rows.prom"), left.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
    }
    TextfileCollector c = new TextfileCollector(new TextfileConfig(textfiles, new ByteSize(1 << 20), 100));
    TextMetrics m = TextMetrics.parse(Exposition.text(c.collect(new ScrapeContext(System.nanoTime() + Duration.ofSeconds(10).toNanos()))));
    assertEquals(3.0, m.value("app_rows", "table", "orders"));
    assertEquals(0.0, m.value("hostkeeper_textfile_scrape_error"));
  }

  private static void run(List<String> argv, Path dir) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, argv + ": " + out);
  }
}
