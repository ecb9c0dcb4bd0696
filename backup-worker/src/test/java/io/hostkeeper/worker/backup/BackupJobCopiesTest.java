package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.SftpConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.backup.copy.CopyFailure;
import io.hostkeeper.worker.backup.copy.CopyRun;
import io.hostkeeper.worker.backup.copy.CopyState;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup job and its copies: a copy that fails leaves the backup a success; the worker builds copy: and check: jobs. */
class BackupJobCopiesTest {
  @TempDir Path dir;

  @Test
  void aFailingCopyLeavesTheBackupASuccessAndIsRecorded() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    BackupConfig plain = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    CopyConfig nas = new CopyConfig("nas", new SftpConfig("nas.lan", 22, "backup", "b", dir.resolve("id"), dir.resolve("kh"), null),
        null, CopyConfig.Verify.SIZE, Duration.ofSeconds(5));
    BackupConfig b = new BackupConfig("app", plain.schedule(), plain.sources(), plain.recipients(), plain.destination(),
        plain.compression(), null, null, plain.onUnreadable(), null, true, List.of(nas), null);
    var db = TestBackups.stateDb(dir);
    BackupCatalogue catalogue = new BackupCatalogue(db);
    CopyState state = new CopyState(db);
    CopyRun copies = new CopyRun(b, catalogue, state, null, Clock.systemUTC(), c -> {
      throw new CopyFailure(CopyFailure.Reason.UNREACHABLE, "nas.lan:22: cannot connect (Connection refused)");
    });
    BackupJob job = new BackupJob(new BackupRunner(b, catalogue, dir.resolve("data"), Clock.systemUTC(), null, null), null, copies);
    JobOutcome o = job.run(new JobRunContext(1, java.time.Instant.now(), Clock.systemUTC(), true));
    assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
    assertTrue(o.message().contains("copy nas failed (unreachable)"), o.message());
    assertEquals(1, catalogue.count("app"));
    @SuppressWarnings("unchecked")
    Map<String, Object> nasDetails = (Map<String, Object>) ((Map<String, Object>) o.details().get("copies")).get("nas");
    assertEquals("unreachable", nasDetails.get("reason"));
    var row = state.find("app", "nas").orElseThrow();
    assertEquals("unreachable", row.lastReason());
    assertEquals(null, row.lastSuccess());
  }

  @Test
  void theWorkerBuildsACatchUpJobPerBackupWithCopiesAndACheckJobPerCheckedBackup() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    var loaded = ConfigLoader.parse(String.join("\n",
        "backups:",
        "  - name: app",
        "    schedule: \"@daily\"",
        "    sources: [{path: " + dir.resolve("src") + "}]",
        "    recipients: [/k.asc]",
        "    destination: " + dir.resolve("dest"),
        "    check: {schedule: \"@weekly\"}",
        "    copies: [{name: nas, sftp: {host: nas.lan, user: b, path: p, identity_file: /id, known_hosts: /kh}}]",
        "  - name: plain",
        "    schedule: \"@daily\"",
        "    sources: [{path: " + dir.resolve("src") + "}]",
        "    recipients: [/k.asc]",
        "    destination: " + dir.resolve("dest2"),
        ""), "t.yml");
    WorkerContext ctx = new WorkerContext(loaded.config(), dir.resolve("data"), new PrometheusRegistry(), TestBackups.stateDb(dir),
        Clock.systemUTC());
    List<String> names = new BackupJobs().jobs(ctx).stream().map(HostkeeperJob::name).toList();
    assertEquals(List.of("backup:app", "copy:app", "backup:plain", "check:app"), names);
  }
}
