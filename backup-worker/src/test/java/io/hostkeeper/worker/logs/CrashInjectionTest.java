package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.allLines;
import static io.hostkeeper.worker.logs.LogFixtures.job;
import static io.hostkeeper.worker.logs.LogFixtures.lines;
import static io.hostkeeper.worker.logs.LogFixtures.names;
import static io.hostkeeper.worker.logs.LogFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupts a rotation at every point where it could be killed (before each journal step, between
 * each temp write and its rename, between copy and truncate, before each delete), then runs a fresh
 * job like a restarted worker would: every line is still there exactly once, and the log was
 * rotated exactly once.
 */
class CrashInjectionTest {
  private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
  @TempDir Path root;

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("numbered rename + create + post_rotate", Logs.log("app.log").keep(3).create(null, null, null).postRotate("true"),
            List.of("app.log", "app.log.1.gz", "app.log.2.gz", "app.log.3.gz")),
        Arguments.of("numbered copytruncate, delay_compress", Logs.log("app.log").keep(3).copyTruncate().delayCompress(),
            List.of("app.log", "app.log.1", "app.log.2.gz", "app.log.3.gz")),
        Arguments.of("dated rename, zstd", Logs.log("app.log").keep(3).dateExt("yyyyMMdd-HHmmss").codec(LogConfig.Codec.ZSTD),
            List.of("app.log-20261119-050000.zst", "app.log-20261120-050000.zst", "app.log-20261121-050000.zst")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void everyInterruptionPointRecoversWithoutLossOrDoubleRotation(String title, Logs template, List<String> expectedNames) throws Exception {
    int points = 0;
    for (int failAt = 1; ; failAt++) {
      Path dir = Files.createDirectories(root.resolve("run" + failAt).resolve("logs"));
      Path state = dir.resolveSibling("state");
      LogConfig config = configFor(template, dir);
      seed(dir, config);
      List<String> before = sorted(allLines(dir));

      AtomicInteger calls = new AtomicInteger();
      int target = failAt;
      List<String> hit = new ArrayList<>();
      FaultHook crash = point -> {
        if (calls.incrementAndGet() == target) {
          hit.add(point);
          throw new IOException("injected crash at " + point);
        }
      };
      LogReport crashed = job(config, state, crash).rotateFile(dir.resolve("app.log"), T0, false);
      if (hit.isEmpty()) {
        assertFalse(crashed.failed(), crashed.toDetails().toString());
        points = failAt - 1;
        break;
      }
      assertTrue(crashed.failed(), "the crash is reported");

      LogReport restarted = job(config, state, FaultHook.NONE).rotateFile(dir.resolve("app.log"), T0, false);
      String where = title + ", crash at " + hit.get(0) + " (point " + failAt + "): " + restarted.toDetails();
      assertFalse(restarted.failed(), where);
      assertEquals(before, sorted(allLines(dir)), "no line lost or duplicated; " + where);
      assertEquals(expectedNames, names(dir), "rotated exactly once; " + where);
      String newest = config.dateExt() ? "app.log-20261121-050000.zst" : config.delayCompress() ? "app.log.1" : "app.log.1.gz";
      assertEquals(lines("current-", 1, 300), read(dir.resolve(newest)), where);

      LogReport third = job(config, state, FaultHook.NONE).rotateFile(dir.resolve("app.log"), T0.plusSeconds(10), false);
      assertEquals(null, third.rotatedTo(), "a further run in the same period does not rotate again; " + where);
      assertEquals(expectedNames, names(dir), where);
    }
    assertTrue(points >= 6, title + ": only " + points + " interruption points were exercised");
  }

  private static LogConfig configFor(Logs template, Path dir) {
    template.path = dir.resolve("app.log").toString();
    return template.build();
  }

  /** A live log with 300 lines and two older rotations, as a previous day would have left them. */
  private static void seed(Path dir, LogConfig config) throws IOException {
    Files.writeString(dir.resolve("app.log"), lines("current-", 1, 300));
    if (config.dateExt()) {
      write(dir.resolve("app.log-20261120-050000.zst"), lines("older-", 1, 100));
      write(dir.resolve("app.log-20261119-050000.zst"), lines("oldest-", 1, 100));
    } else if (config.delayCompress()) {
      Files.writeString(dir.resolve("app.log.1"), lines("older-", 1, 100));
      write(dir.resolve("app.log.2.gz"), lines("oldest-", 1, 100));
    } else {
      write(dir.resolve("app.log.1.gz"), lines("older-", 1, 100));
      write(dir.resolve("app.log.2.gz"), lines("oldest-", 1, 100));
    }
  }

  private static void write(Path file, String text) throws IOException {
    Path plain = file.resolveSibling(file.getFileName().toString().replaceAll("\\.(gz|zst)$", ""));
    Files.writeString(plain, text);
    Compressor.compress(plain, file, file.toString().endsWith(".zst") ? LogConfig.Codec.ZSTD : LogConfig.Codec.GZIP, FaultHook.NONE);
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }
}
