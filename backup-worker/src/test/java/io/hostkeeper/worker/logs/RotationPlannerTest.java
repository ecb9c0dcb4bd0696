package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.LogConfig;
import io.hostkeeper.common.config.LogConfig.Codec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RotationPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-21T05:00:00Z");
  private static final Path DIR = Path.of("/var/log/app");
  private static final Path LIVE = DIR.resolve("app.log");

  private static RotationPlanner planner(LogConfig c) {
    return new RotationPlanner(c, new RotationNaming("app.log", c.dateExt() ? c.dateFormat() : null, ZoneOffset.UTC));
  }

  private static RotatedFile numbered(int index, Codec codec, Instant modified) {
    String base = "app.log." + index;
    return new RotatedFile(DIR.resolve(RotationNaming.withCodec(base, codec)), base, index, null, codec, modified);
  }

  @ParameterizedTest(name = "size={0} limit={1} min={2} due={3} force={4} notIfEmpty={5} -> {6}")
  @CsvSource(nullValues = "-", value = {
      // live size, size, min_size, scheduleDue, force, not_if_empty, rotate?
      "100,  50,  -,   false, false, false, true",   // size: above the limit, schedule ignored
      "50,   50,  -,   true,  false, false, false",  // size: not above (logrotate: strictly larger)
      "0,    -,   -,   true,  false, false, true",   // empty log rotates on schedule (ifempty)
      "0,    -,   -,   true,  false, true,  false",  // ... unless not_if_empty
      "0,    -,   -,   true,  true,  true,  false",  // not_if_empty holds even for a manual run
      "10,   -,   -,   false, false, false, false",  // not due
      "10,   -,   -,   false, true,  false, true",   // manual run forces
      "10,   -,   100, true,  false, false, false",  // due but below min_size
      "100,  -,   100, true,  false, false, true",   // due and at min_size
      "10,   50,  -,   true,  true,  false, true",   // manual run ignores size
      "60,   50,  10,  false, false, false, true",   // size and min_size: above size at any run
      "20,   50,  10,  true,  false, false, true",   // ... or due and at least min_size
      "20,   50,  10,  false, false, false, false",  // ... not due and not above size
      "5,    50,  10,  true,  false, false, false",  // ... due but below min_size
  })
  void decidesWhetherToRotate(long liveSize, Long size, Long minSize, boolean due, boolean force, boolean notIfEmpty, boolean rotate) {
    Logs l = Logs.log(LIVE.toString());
    if (size != null) l.size(size);
    if (minSize != null) l.minSize(minSize);
    if (notIfEmpty) l.notIfEmpty();
    RotationPlan plan = planner(l.build()).plan(LIVE, liveSize, List.of(), due, force, NOW);
    assertEquals(rotate, plan.rotate(), plan.reason());
    assertFalse(plan.problem());
  }

  @Test
  void numberedRotationShiftsHighestFirstKeepingExtensionsThenRenamesCreatesAndSignals() {
    LogConfig c = Logs.log(LIVE.toString()).create("0640", null, "adm").postRotate("kill", "-HUP", "1").build();
    List<RotatedFile> rotated = List.of(numbered(1, null, NOW), numbered(3, Codec.GZIP, NOW), numbered(2, Codec.GZIP, NOW));
    RotationPlan plan = planner(c).plan(LIVE, 10, rotated, true, false, NOW);
    assertEquals(List.of(
        new Step.Rename(DIR.resolve("app.log.3.gz"), DIR.resolve("app.log.4.gz")),
        new Step.Rename(DIR.resolve("app.log.2.gz"), DIR.resolve("app.log.3.gz")),
        new Step.Rename(DIR.resolve("app.log.1"), DIR.resolve("app.log.2")),
        new Step.Rename(LIVE, DIR.resolve("app.log.1")),
        new Step.Create(LIVE, DIR.resolve("app.log.1"), "0640", null, "adm"),
        new Step.PostRotate(List.of("kill", "-HUP", "1"))), plan.steps());
    assertEquals(DIR.resolve("app.log.1"), plan.destination());
  }

  @Test
  void copyTruncateCopiesInsteadOfRenaming() {
    RotationPlan plan = planner(Logs.log(LIVE.toString()).copyTruncate().build()).plan(LIVE, 10, List.of(), true, false, NOW);
    assertEquals(List.of(new Step.CopyTruncate(LIVE, DIR.resolve("app.log.1"))), plan.steps());
  }

  @Test
  void datedRotationNeedsNoShiftAndRefusesAnExistingDestination() {
    LogConfig c = Logs.log(LIVE.toString()).dateExt("yyyyMMdd").build();
    RotatedFile older = new RotatedFile(DIR.resolve("app.log-20261120.gz"), "app.log-20261120", -1, "20261120", Codec.GZIP, NOW);
    RotationPlan plan = planner(c).plan(LIVE, 10, List.of(older), true, false, NOW);
    assertEquals(List.of(new Step.Rename(LIVE, DIR.resolve("app.log-20261121"))), plan.steps());

    RotatedFile today = new RotatedFile(DIR.resolve("app.log-20261121.gz"), "app.log-20261121", -1, "20261121", Codec.GZIP, NOW);
    RotationPlan refused = planner(c).plan(LIVE, 10, List.of(older, today), true, true, NOW);
    assertFalse(refused.rotate());
    assertTrue(refused.problem());
    assertTrue(refused.reason().contains("too coarse"), refused.reason());
  }

  @Test
  void housekeepingDeletesBeyondKeepAndCompressesTheRest() {
    LogConfig c = Logs.log(LIVE.toString()).keep(3).build();
    List<RotatedFile> rotated = new ArrayList<>();
    for (int i = 1; i <= 5; i++) rotated.add(numbered(i, i == 1 ? null : Codec.GZIP, NOW));
    List<Step> steps = planner(c).housekeeping(rotated, NOW);
    assertEquals(List.of(
        new Step.Delete(DIR.resolve("app.log.4.gz"), "beyond keep 3"),
        new Step.Delete(DIR.resolve("app.log.5.gz"), "beyond keep 3"),
        new Step.Compress(DIR.resolve("app.log.1"), DIR.resolve("app.log.1.gz"), Codec.GZIP)), steps);
  }

  @Test
  void delayCompressLeavesTheNewestUncompressed() {
    LogConfig c = Logs.log(LIVE.toString()).delayCompress().codec(Codec.ZSTD).build();
    List<Step> steps = planner(c).housekeeping(List.of(numbered(1, null, NOW), numbered(2, null, NOW)), NOW);
    assertEquals(List.of(new Step.Compress(DIR.resolve("app.log.2"), DIR.resolve("app.log.2.zst"), Codec.ZSTD)), steps);
  }

  @Test
  void maxAgeDeletesOldFilesEvenWithinKeep() {
    LogConfig c = Logs.log(LIVE.toString()).maxAge(Duration.ofDays(7)).compress(false).build();
    List<Step> steps = planner(c).housekeeping(List.of(
        numbered(1, null, NOW.minus(Duration.ofDays(1))),
        numbered(2, null, NOW.minus(Duration.ofDays(8)))), NOW);
    assertEquals(List.of(new Step.Delete(DIR.resolve("app.log.2"), "older than max_age PT168H")), steps);
  }

  @Test
  void keepZeroDeletesEveryRotatedFile() {
    LogConfig c = Logs.log(LIVE.toString()).keep(0).build();
    List<Step> steps = planner(c).housekeeping(List.of(numbered(1, null, NOW)), NOW);
    assertEquals(List.of(new Step.Delete(DIR.resolve("app.log.1"), "beyond keep 0")), steps);
  }

  @Test
  void anUncompressedTwinOfACompleteCompressedFileIsDroppedNotCompressedAgain() {
    LogConfig c = Logs.log(LIVE.toString()).build();
    List<Step> steps = planner(c).housekeeping(List.of(numbered(1, null, NOW), numbered(1, Codec.GZIP, NOW)), NOW);
    assertEquals(1, steps.size());
    assertEquals(new Step.Delete(DIR.resolve("app.log.1"), "its compressed copy is complete (interrupted compression)"), steps.get(0));
  }

  @Test
  void datedFilesAreKeptNewestByStamp() {
    LogConfig c = Logs.log(LIVE.toString()).dateExt("yyyyMMdd").keep(1).compress(false).build();
    RotatedFile a = new RotatedFile(DIR.resolve("app.log-20261119"), "app.log-20261119", -1, "20261119", null, NOW);
    RotatedFile b = new RotatedFile(DIR.resolve("app.log-20261120"), "app.log-20261120", -1, "20261120", null, NOW);
    assertEquals(List.of(new Step.Delete(a.path(), "beyond keep 1")), planner(c).housekeeping(List.of(a, b), NOW));
  }
}
