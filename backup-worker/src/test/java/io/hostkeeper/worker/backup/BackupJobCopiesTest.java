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
  void theAdminApiShowsEachCopysLastSyncAndWhyItFailed() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    BackupConfig plain = TestBackups.config("app", List.of(TestBackups.path(Trees.build(dir.resolve("src")))),
        List.of(keys.publicKey()), dir.resolve("dest"), null);
    CopyConfig nas = new CopyConfig("nas", new SftpConfig("nas.lan", 2222, "backup", "/srv/b", dir.resolve("id"), dir.resolve("kh"), null),
        null, CopyConfig.Verify.SIZE, Duration.ofSeconds(5));
    CopyConfig cloud = new CopyConfig("cloud", new SftpConfig("cloud.example", 22, "hk", "b", dir.resolve("id"), dir.resolve("kh"), null),
        null, CopyConfig.Verify.FULL, Duration.ofSeconds(5));
    BackupConfig b = new BackupConfig("app", plain.schedule(), plain.sources(), plain.recipients(), plain.destination(),
        plain.compression(), null, null, plain.onUnreadable(), null, true, List.of(nas, cloud), null);
    var db = TestBackups.stateDb(dir);
    CopyState state = new CopyState(db);
    java.time.Instant t1 = java.time.Instant.parse("2026-12-01T02:00:00Z");
    state.success("app", "nas", t1, 7);
    state.failure("app", "nas", t1.plusSeconds(3600), "auth", "backup@nas.lan:2222: the server refused the key");

    io.javalin.Javalin app = io.javalin.Javalin.create(cfg -> new BackupRoutes(List.of(b), new BackupCatalogue(db), state).addTo(cfg))
        .start("127.0.0.1", 0);
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port() + "/api/backups/app")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      var copies = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("copies");
      assertEquals(2, copies.size(), r.body());
      var first = copies.get(0);
      assertEquals("nas", first.get("name").asText());
      assertEquals("sftp://backup@nas.lan:2222/srv/b", first.get("remote").asText());
      assertEquals(t1.toString(), first.get("last_success").asText(), "the last success survives a later failure");
      assertEquals(7, first.get("remote_archives").asInt());
      assertTrue(first.get("failing").asBoolean(), r.body());
      assertEquals("auth", first.get("last_reason").asText());
      assertEquals(t1.plusSeconds(3600).toString(), first.get("last_attempt").asText());
      var second = copies.get(1);
      assertEquals("cloud", second.get("name").asText());
      assertTrue(second.get("last_attempt").isNull(), "never ran: " + r.body());
      assertTrue(second.get("last_success").isNull(), r.body());
      assertTrue(!second.get("failing").asBoolean(), r.body());

      state.success("app", "nas", t1.plusSeconds(7200), 8);
      var again = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port() + "/api/backups")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      var nasNow = new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.body()).get("backups").get(0).get("copies").get(0);
      assertTrue(!nasNow.get("failing").asBoolean(), again.body());
      assertTrue(nasNow.get("last_error").isNull(), again.body());
      assertEquals(8, nasNow.get("remote_archives").asInt());
    } finally {
      app.stop();
    }
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
