package io.hostkeeper.worker.backup.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupCheckConfig;
import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.config.SftpConfig;
import io.hostkeeper.common.config.SourceConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.BackupRunner;
import io.hostkeeper.worker.backup.copy.CopyRun;
import io.hostkeeper.worker.backup.copy.SftpCopyTarget;
import io.hostkeeper.worker.backup.pgp.KeyGeneration;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.hostkeeper.worker.testing.Sshd;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One flipped byte in a stored archive, local or remote: the scheduled check names it and raises the metric. */
class BitRotCheckTest {
  @TempDir Path dir;

  BackupConfig config(List<CopyConfig> copies, boolean remote) throws Exception {
    var k = KeyGeneration.generate("Test", "test@example.org", null, java.util.Date.from(Instant.parse("2020-01-01T00:00:00Z")));
    Path pub = Files.writeString(Files.createDirectories(dir.resolve("keys")).resolve("pub.asc"), k.publicArmored());
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "some data that matters\n".repeat(1000));
    return new BackupConfig("app", Schedule.parse("@daily"), List.of(new SourceConfig(src, null, List.of(), List.of(), false)),
        List.of(pub), dir.resolve("dest"), BackupConfig.Compression.ZSTD, null, null, BackupConfig.UnreadablePolicy.FAIL, null,
        true, copies, new BackupCheckConfig(Schedule.parse("@weekly"), remote));
  }

  static void flipOneByte(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
  }

  static double gauge(PrometheusRegistry r, String name) {
    for (var s : r.scrape()) {
      if (s instanceof GaugeSnapshot g && g.getMetadata().getName().equals(name)) {
        return g.getDataPoints().isEmpty() ? Double.NaN : g.getDataPoints().get(0).getValue();
      }
    }
    return Double.NaN;
  }

  @Test
  void aFlippedByteInALocalArchiveIsNamedAndCounted() throws Exception {
    BackupConfig b = config(List.of(), false);
    Jdbi db = Jdbi.create("jdbc:sqlite:" + dir.resolve("state.db"));
    BackupCatalogue catalogue = new BackupCatalogue(db);
    Clock clock = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
    var first = new BackupRunner(b, catalogue, dir.resolve("data"), clock, null, null).run();
    var second = new BackupRunner(b, catalogue, dir.resolve("data"), Clock.offset(clock, Duration.ofHours(1)), null, null).run();
    CheckState state = new CheckState(db);
    PrometheusRegistry registry = new PrometheusRegistry();
    CheckMetrics.register(registry, state, List.of("app"));
    assertTrue(Double.isNaN(gauge(registry, "hostkeeper_backup_last_checked_timestamp_seconds")), "absent before the first check");
    CheckJob job = new CheckJob("app", b.check(), null, new ArchiveCheck(b, catalogue, c -> {
      throw new AssertionError("no remote");
    }), state, clock);

    JobOutcome clean = job.run(new JobRunContext(1, clock.instant(), clock, false));
    assertEquals(JobOutcome.Result.SUCCESS, clean.result(), clean.message());
    assertEquals(0.0, gauge(registry, "hostkeeper_backup_corrupt_archives"));

    flipOneByte(second.archive().path());
    JobOutcome rot = job.run(new JobRunContext(2, clock.instant(), clock, false));
    assertEquals(JobOutcome.Result.FAILURE, rot.result());
    assertTrue(rot.message().contains(second.archive().fileName()), rot.message());
    assertTrue(!rot.message().contains(first.archive().fileName()), rot.message());
    assertEquals(1.0, gauge(registry, "hostkeeper_backup_corrupt_archives"));
    assertEquals(clock.instant().getEpochSecond(), gauge(registry, "hostkeeper_backup_last_checked_timestamp_seconds"));
  }

  @Test
  void aFlippedByteInARemoteCopyIsNamedWithItsCopy() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Sshd sshd = Sshd.start(dir.resolve("sshd"))) {
      Path remote = sshd.dir.resolve("remote/app");
      CopyConfig copy = new CopyConfig("laptop", new SftpConfig("127.0.0.1", sshd.port, "root", remote.toString(), sshd.clientKey,
          sshd.knownHosts, null), null, CopyConfig.Verify.SIZE, Duration.ofSeconds(20));
      BackupConfig b = config(List.of(copy), true);
      Jdbi db = Jdbi.create("jdbc:sqlite:" + dir.resolve("state.db"));
      BackupCatalogue catalogue = new BackupCatalogue(db);
      var r = new BackupRunner(b, catalogue, dir.resolve("data"), Clock.systemUTC(), null, null).run();
      CopyRun.Outcome o = new CopyRun(b, catalogue, null, null, Clock.systemUTC(), SftpCopyTarget::connect).syncAll(false).get(0);
      assertTrue(o.ok(), () -> o.failure().getMessage());

      ArchiveCheck check = new ArchiveCheck(b, catalogue, SftpCopyTarget::connect);
      assertEquals(List.of(), check.run(true).corrupt());
      flipOneByte(remote.resolve(r.archive().fileName()));
      ArchiveCheck.Result result = check.run(true);
      assertEquals(1, result.corrupt().size(), result.toString());
      assertTrue(result.corrupt().get(0).startsWith("laptop:" + r.archive().fileName()), result.corrupt().get(0));
      assertEquals(List.of(), check.run(false).corrupt(), "the local archive is fine; without remote: true the copy is not read");
    }
  }
}
