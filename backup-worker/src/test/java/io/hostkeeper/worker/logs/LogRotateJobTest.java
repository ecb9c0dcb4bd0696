package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.context;
import static io.hostkeeper.worker.logs.LogFixtures.job;
import static io.hostkeeper.worker.logs.LogFixtures.lines;
import static io.hostkeeper.worker.logs.LogFixtures.names;
import static io.hostkeeper.worker.logs.LogFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.LogConfig.Codec;
import io.hostkeeper.worker.job.JobOutcome;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotateJobTest {
  private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
  @TempDir Path dir;
  @TempDir Path state;

  @Test
  void rotatesCompressesAndKeepsOnlyKeepFilesUpdatingMetrics() throws Exception {
    Path live = dir.resolve("app.log");
    PrometheusRegistry registry = new PrometheusRegistry();
    LogRotateJob job = job(Logs.log(live.toString()).keep(2).create("0600", null, null).build(), state, registry);
    for (int day = 0; day < 4; day++) {
      Files.writeString(live, lines("day" + day + "-", 1, 50));
      JobOutcome out = job.run(context(T0.plusSeconds(86400L * day), false));
      assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    }
    assertEquals(List.of("app.log", "app.log.1.gz", "app.log.2.gz"), names(dir));
    assertEquals(lines("day3-", 1, 50), read(dir.resolve("app.log.1.gz")));
    assertEquals(lines("day2-", 1, 50), read(dir.resolve("app.log.2.gz")));
    assertEquals("", Files.readString(live));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(live)));
    assertEquals(4.0, counter(registry, "hostkeeper_logrotate_rotations"));
    assertEquals(T0.plusSeconds(86400L * 3).getEpochSecond(), gauge(registry, "hostkeeper_logrotate_last_success_timestamp_seconds"));

    PrometheusRegistry afterRestart = new PrometheusRegistry();
    job(Logs.log(live.toString()).build(), state, afterRestart);
    assertEquals(T0.plusSeconds(86400L * 3).getEpochSecond(), gauge(afterRestart, "hostkeeper_logrotate_last_success_timestamp_seconds"),
        "a restarted worker still knows the last success");
    PrometheusRegistry fresh = new PrometheusRegistry();
    job(Logs.log(live.toString()).build(), dir.resolve("other-state"), fresh);
    assertTrue(fresh.scrape().stream().filter(m -> m.getMetadata().getName().equals("hostkeeper_logrotate_last_success_timestamp_seconds"))
        .allMatch(m -> m.getDataPoints().isEmpty()), "never succeeded: absent, not 0");
  }

  @Test
  void aSecondRunInTheSameScheduledPeriodDoesNotRotateAgain() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "a\n");
    LogRotateJob job = job(Logs.log(live.toString()).build(), state, FaultHook.NONE);
    job.run(context(T0, false));
    Files.writeString(live, "b\n");
    JobOutcome again = job.run(context(T0.plusSeconds(3600), false));
    assertEquals(0, again.details().get("rotated"));
    assertEquals(List.of("app.log", "app.log.1.gz"), names(dir));
    JobOutcome manual = job.run(context(T0.plusSeconds(3600), true));
    assertEquals(1, manual.details().get("rotated"), "a manual run forces the rotation");
  }

  @Test
  void datedNamesWithZstdAndDelayCompress() throws Exception {
    Path live = dir.resolve("app.log");
    LogRotateJob job = job(Logs.log(live.toString()).dateExt("yyyyMMdd-HHmmss").codec(Codec.ZSTD).delayCompress().build(), state, FaultHook.NONE);
    Files.writeString(live, "first\n");
    job.run(context(T0, false));
    Files.writeString(live, "second\n");
    job.run(context(T0.plusSeconds(86400), false));
    assertEquals(List.of("app.log-20261121-050000.zst", "app.log-20261122-050000"), names(dir));
    assertEquals("first\n", read(dir.resolve("app.log-20261121-050000.zst")));
    assertEquals("second\n", read(dir.resolve("app.log-20261122-050000")));
  }

  @Test
  void globRotatesEachMatchButNeverItsRotatedFiles() throws Exception {
    Files.writeString(dir.resolve("a.log"), "a\n");
    Files.writeString(dir.resolve("b.log"), "b\n");
    Files.writeString(dir.resolve("b.log.1"), "old\n");
    LogRotateJob job = job(Logs.log(dir + "/*").compress(false).build(), state, FaultHook.NONE);
    JobOutcome out = job.run(context(T0, false));
    assertEquals(2, out.details().get("rotated"), out.toString());
    assertEquals(List.of("a.log.1", "b.log.1", "b.log.2"), names(dir));
  }

  @Test
  void notIfEmptyAndSizeLeaveTheLogAlone() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "");
    assertEquals(0, job(Logs.log(live.toString()).notIfEmpty().build(), state, FaultHook.NONE).run(context(T0, false)).details().get("rotated"));
    Files.writeString(live, "12345");
    assertEquals(0, job(Logs.log(live.toString()).size(5).build(), state, FaultHook.NONE).run(context(T0, false)).details().get("rotated"));
    Files.writeString(live, "123456");
    assertEquals(1, job(Logs.log(live.toString()).size(5).build(), state, FaultHook.NONE).run(context(T0, false)).details().get("rotated"));
  }

  @Test
  void postRotateRunsAsArgvWithoutAShell() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "x\n");
    Path marker = dir.resolve("a file; with $(shell) chars");
    JobOutcome out = job(Logs.log(live.toString()).compress(false).postRotate("touch", marker.toString()).build(), state, FaultHook.NONE)
        .run(context(T0, false));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    assertTrue(Files.exists(marker));
  }

  @Test
  void aFailingOrHangingPostRotateIsAFailureButTheRotationStands() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "x\n");
    JobOutcome out = job(Logs.log(live.toString()).compress(false).postRotate("sh", "-c", "echo nope >&2; exit 3").build(), state, FaultHook.NONE)
        .run(context(T0, false));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains("exited with 3: nope"), out.message());
    assertTrue(Files.exists(dir.resolve("app.log.1")));

    Files.writeString(live, "y\n");
    JobOutcome hang = job(Logs.log(live.toString()).compress(false).postRotate("sleep", "30").postRotateTimeout(java.time.Duration.ofMillis(300)).build(),
        state, FaultHook.NONE).run(context(T0.plusSeconds(86400), false));
    assertEquals(JobOutcome.Result.FAILURE, hang.result());
    assertTrue(hang.message().contains("did not finish within 300ms and was stopped (TERM, then KILL)"), hang.message());
  }

  @Test
  void aGlobMatchingNothingIsAnErrorUnlessMissingOk() throws Exception {
    JobOutcome out = job(Logs.log(dir + "/*.log").build(), state, FaultHook.NONE).run(context(T0, false));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().startsWith("no file matches " + dir + "/*.log"), out.message());
    assertTrue(out.message().contains("missing_ok"), out.message());
    JobOutcome ok = job(Logs.log(dir + "/*.log").missingOk().build(), state, FaultHook.NONE).run(context(T0, false));
    assertEquals(JobOutcome.Result.SKIPPED, ok.result());
    JobOutcome absentDir = job(Logs.log(dir + "/nope/*.log").build(), state, FaultHook.NONE).run(context(T0, false));
    assertEquals(JobOutcome.Result.FAILURE, absentDir.result());
  }

  @Test
  void aDirectoryWhereAFileIsExpectedIsAClearFailure() throws Exception {
    Files.createDirectory(dir.resolve("app.log"));
    JobOutcome out = job(Logs.log(dir.resolve("app.log").toString()).build(), state, FaultHook.NONE).run(context(T0, false));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains("is a directory, but a log file is expected"), out.message());
  }

  /**
   * A directory the worker may not change. As root, permission bits do not stop us, so the case
   * uses the immutable attribute (chattr +i), which stops root too; skipped only where that is
   * unavailable.
   */
  @Test
  void aDirectoryWithoutPermissionIsAClearFailureAndLosesNothing() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "keep me\n");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Process p = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
      org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "chattr +i is not supported on this file system");
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    try {
      JobOutcome out = job(Logs.log(live.toString()).build(), state, FaultHook.NONE).run(context(T0, false));
      assertEquals(JobOutcome.Result.FAILURE, out.result());
      assertTrue(out.message().contains("app.log") && (out.message().contains("Operation not permitted") || out.message().contains("permission denied")),
          out.message());
    } finally {
      if (root) new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
      else Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    assertEquals(List.of("app.log"), names(dir));
    assertEquals("keep me\n", Files.readString(live));
  }

  @Test
  void aStillOpenRotatedFileIsNotCompressedUntilTheWriterLetsGo() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "x\n");
    try (var writer = Files.newOutputStream(live, java.nio.file.StandardOpenOption.APPEND)) {
      JobOutcome out = job(Logs.log(live.toString()).build(), state, FaultHook.NONE).run(context(T0, false));
      writer.write("late\n".getBytes());
      @SuppressWarnings("unchecked")
      Map<String, Object> file = ((List<Map<String, Object>>) out.details().get("files")).get(0);
      assertTrue(file.get("notes").toString().contains("still has it open"), file.toString());
      assertEquals(List.of("app.log.1"), names(dir));
    }
    JobOutcome later = job(Logs.log(live.toString()).missingOk().build(), state, FaultHook.NONE).run(context(T0.plusSeconds(60), false));
    assertEquals(JobOutcome.Result.SKIPPED, later.result());
    assertEquals(List.of("app.log.1.gz"), names(dir), later.toString());
    assertEquals("x\nlate\n", read(dir.resolve("app.log.1.gz")));
    assertFalse(Files.exists(live), "without create, the application makes its new log");
  }

  @Test
  @SuppressWarnings("try")
  void oneRotationPerLogAtATime() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "x\n");
    StateStore store = new StateStore(state, FaultHook.NONE);
    try (LogLock held = LogLock.acquire(store.lockFileFor(live), live)) {
      JobOutcome out = job(Logs.log(live.toString()).build(), state, FaultHook.NONE).run(context(T0, false));
      assertEquals(JobOutcome.Result.FAILURE, out.result());
      assertTrue(out.message().contains("another rotation of " + live + " is running"), out.message());
    }
    assertEquals(List.of("app.log"), names(dir));
    assertEquals(1, job(Logs.log(live.toString()).build(), state, FaultHook.NONE).run(context(T0, false)).details().get("rotated"));
  }

  private static double counter(PrometheusRegistry r, String name) {
    for (MetricSnapshot s : r.scrape()) {
      if (s.getMetadata().getName().equals(name)) return ((CounterSnapshot) s).getDataPoints().get(0).getValue();
    }
    throw new AssertionError("no " + name);
  }

  private static double gauge(PrometheusRegistry r, String name) {
    for (MetricSnapshot s : r.scrape()) {
      if (s.getMetadata().getName().equals(name)) return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
    }
    throw new AssertionError("no " + name);
  }
}
