package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.TextfileConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.TextMetrics;
import io.hostkeeper.exporter.collector.service.Exposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextfileCollectorTest {
  static final Path FIXTURE = Path.of("src/test/fixtures/hardware/textfile");

  @TempDir
  Path dir;

  static TextMetrics collect(TextfileCollector c) {
    return TextMetrics.parse(Exposition.text(c.collect(new ScrapeContext(System.nanoTime() + Duration.ofSeconds(10).toNanos()))));
  }

  TextfileCollector collector(long maxBytes, int maxSeries) {
    return new TextfileCollector(new TextfileConfig(dir, new ByteSize(maxBytes), maxSeries));
  }

  /** Copies the fixture's good and bad files into {@code to}, with a fixed mtime. */
  static void copyFixture(Path to) throws Exception {
    for (String sub : List.of("good", "bad")) {
      try (var files = Files.list(FIXTURE.resolve(sub))) {
        for (Path f : files.toList()) {
          Path target = to.resolve(f.getFileName());
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setLastModifiedTime(target, FileTime.fromMillis(1_767_323_045_000L));
        }
      }
    }
  }

  @Test
  void goodFilesGoOutAndBrokenOnesAreReportedByName() throws Exception {
    copyFixture(dir);
    TextMetrics m = collect(collector(1 << 20, 10_000));
    assertEquals(1523.0, m.value("app_rows", "table", "orders"));
    assertEquals(7.0, m.value("app_rows", "table", "archive"), "a family split over two files is merged");
    assertNull(m.value("app_rows", "table", "sessions"), "the part with a conflicting TYPE is left out");
    assertEquals(1.0, m.value("conflict_ok"), "the rest of a file with a conflict still goes out");
    assertEquals(6.0, m.value("backup_duration_seconds_count", "job", "dump"));
    assertEquals(1.0, m.value("hostkeeper_textfile_file_error", "file", dir.resolve("broken.prom").toString()));
    assertEquals(1.0, m.value("hostkeeper_textfile_family_error", "family", "app_rows", "reason", "conflicting_type"));
    assertEquals(1.0, m.value("hostkeeper_textfile_family_error", "family", "hostkeeper_cpus", "reason", "builtin_collision"));
    assertNull(m.value("hostkeeper_cpus"), "a text file cannot shadow a built-in family");
    assertEquals(1.0, m.value("hostkeeper_textfile_scrape_error"));
    assertEquals(Map.of(Map.of("file", dir.resolve("app.prom").toString()), 1_767_323_045.0,
        Map.of("file", dir.resolve("backup.prom").toString()), 1_767_323_045.0,
        Map.of("file", dir.resolve("conflict.prom").toString()), 1_767_323_045.0), m.series("hostkeeper_textfile_mtime_seconds"));
  }

  @Test
  void cleanFilesGiveNoError() throws Exception {
    Files.writeString(dir.resolve("a.prom"), "a 1\n");
    Files.writeString(dir.resolve("ignored.txt"), "not read\n");
    TextMetrics m = collect(collector(1 << 20, 10));
    assertEquals(0.0, m.value("hostkeeper_textfile_scrape_error"));
    assertEquals(1.0, m.value("hostkeeper_textfile_series"));
    assertTrue(m.series("hostkeeper_textfile_file_error").isEmpty());
  }

  @Test
  void symlinkPlantedInTheDirectoryIsNotFollowed(@TempDir Path outside) throws Exception {
    Path secret = outside.resolve("secret.prom");
    Files.writeString(secret, "secret_value 42\n");
    Files.createSymbolicLink(dir.resolve("evil.prom"), secret);
    TextMetrics m = collect(collector(1 << 20, 10));
    assertNull(m.value("secret_value"));
    assertEquals(1.0, m.value("hostkeeper_textfile_file_error", "file", dir.resolve("evil.prom").toString()));
  }

  @Test
  void fifoNamedPromDoesNotHangTheScrape() throws Exception {
    Path mkfifo = RealStack.require("coreutils", "mkfifo");
    Process p = new ProcessBuilder(mkfifo.toString(), dir.resolve("pipe.prom").toString()).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
    Files.writeString(dir.resolve("ok.prom"), "ok 1\n");
    TextfileCollector c = collector(1 << 20, 10);
    // bounded: a reader blocked on the FIFO would never finish
    TextMetrics m = CompletableFuture.supplyAsync(() -> collect(c)).get(30, TimeUnit.SECONDS);
    assertEquals(1.0, m.value("ok"));
    assertEquals(1.0, m.value("hostkeeper_textfile_file_error", "file", dir.resolve("pipe.prom").toString()));
  }

  @Test
  void fileOverTheSizeLimitIsSkipped() throws Exception {
    Files.writeString(dir.resolve("big.prom"), "big 1\n".repeat(400));
    Files.writeString(dir.resolve("small.prom"), "small 1\n");
    TextMetrics m = collect(collector(1024, 10_000));
    assertNull(m.value("big"));
    assertEquals(1.0, m.value("small"));
    assertEquals(1.0, m.value("hostkeeper_textfile_file_error", "file", dir.resolve("big.prom").toString()));
  }

  @Test
  void seriesLimitSkipsTheFileThatWouldPassIt() throws Exception {
    Files.writeString(dir.resolve("a.prom"), "a 1\nb 1\n");
    Files.writeString(dir.resolve("b.prom"), "c 1\nd 1\n");
    TextMetrics m = collect(collector(1 << 20, 3));
    assertEquals(1.0, m.value("a"));
    assertNull(m.value("c"));
    assertEquals(1.0, m.value("hostkeeper_textfile_file_error", "file", dir.resolve("b.prom").toString()));
    assertNull(m.value("hostkeeper_textfile_mtime_seconds", "file", dir.resolve("b.prom").toString()));
  }

  @Test
  void aFileReplacedByRenameIsReadAgain() throws Exception {
    TextfileCollector c = collector(1 << 20, 10);
    Path f = dir.resolve("rows.prom");
    Files.writeString(f, "rows 1\n");
    assertEquals(1.0, collect(c).value("rows"));
    Path tmp = dir.resolve("rows.prom.tmp");
    Files.writeString(tmp, "rows 2\n");
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertEquals(2.0, collect(c).value("rows"));
    Files.delete(f);
    assertNull(collect(c).value("rows"));
  }

  @Test
  void missingDirectoryIsReportedNotAFailedScrape() {
    TextfileCollector c = new TextfileCollector(new TextfileConfig(dir.resolve("nope"), new ByteSize(1 << 20), 10));
    assertEquals(1.0, collect(c).value("hostkeeper_textfile_scrape_error"));
  }

  @Test
  void withoutADirectoryNothingIsExported() {
    assertTrue(new TextfileCollector(TextfileConfig.defaults()).collect(new ScrapeContext(System.nanoTime())).isEmpty());
  }

  @Test
  void notUtf8IsReported() throws Exception {
    Files.write(dir.resolve("latin1.prom"), new byte[] {'a', '{', 'x', '=', '"', (byte) 0xe9, '"', '}', ' ', '1', '\n'});
    TextMetrics m = collect(collector(1 << 20, 10));
    assertFalse(m.series("hostkeeper_textfile_file_error").isEmpty());
  }
}
