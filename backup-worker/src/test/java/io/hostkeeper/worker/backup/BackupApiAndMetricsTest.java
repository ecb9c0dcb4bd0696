package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.admin.ApiError;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.javalin.Javalin;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job through the provider, its metrics (also after a "restart"), and the admin routes over HTTP. */
class BackupApiAndMetricsTest {
  @TempDir Path dir;

  @Test
  void jobMetricsAndRoutes() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    String yaml = String.join("\n",
        "worker:",
        "  data_dir: " + dir.resolve("data"),
        "backups:",
        "  - name: app",
        "    schedule: \"0 2 * * *\"",
        "    sources: [{path: " + src + "}]",
        "    recipients: [" + keys.publicKey() + "]",
        "    destination: " + dir.resolve("dest"),
        "    retention: {keep_last: 1}",
        "  - name: never-ran",
        "    schedule: \"@weekly\"",
        "    sources: [{path: " + src + "}]",
        "    recipients: [" + keys.publicKey() + "]",
        "    destination: " + dir.resolve("dest2"),
        "");
    var config = ConfigLoader.parse(yaml, "test.yml").config();
    var registry = new PrometheusRegistry();
    var ctx = new WorkerContext(config, dir.resolve("data"), registry, TestBackups.stateDb(dir), Clock.systemUTC());
    var jobs = new BackupJobs().jobs(ctx);
    assertEquals(2, jobs.size());
    assertEquals("backup:app", jobs.get(0).name());
    String before = scrape(registry);
    assertTrue(before.contains("hostkeeper_backup_archives{backup=\"app\"} 0.0"), before);
    assertTrue(!before.contains("hostkeeper_backup_last_success_timestamp_seconds{"), "absent before any success:\n" + before);
    assertTrue(before.contains("hostkeeper_backup_runs_total{backup=\"app\",result=\"failure\"} 0.0"),
        "failures counted from 0, so increase() sees the first one:\n" + before);

    BackupJob job = (BackupJob) jobs.get(0);
    for (int i = 0; i < 2; i++) {
      JobOutcome o = job.run(new JobRunContext(i, java.time.Instant.now(), Clock.systemUTC(), true));
      assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
    }
    String after = scrape(registry);
    assertTrue(after.contains("hostkeeper_backup_runs_total{backup=\"app\",result=\"success\"} 2.0"), after);
    assertTrue(after.contains("hostkeeper_backup_runs_total{backup=\"app\",result=\"failure\"} 0.0"), after);
    assertTrue(after.contains("hostkeeper_backup_archives{backup=\"app\"} 1.0"), "keep_last 1 pruned:\n" + after);
    assertTrue(after.contains("hostkeeper_backup_last_success_timestamp_seconds{backup=\"app\"}"), after);
    assertTrue(after.contains("hostkeeper_backup_last_size_bytes{backup=\"app\"}"), after);

    // a restarted worker reads the last success from the catalogue
    var registry2 = new PrometheusRegistry();
    new BackupJobs().jobs(new WorkerContext(config, dir.resolve("data"), registry2, TestBackups.stateDb(dir), Clock.systemUTC()));
    String restarted = scrape(registry2);
    assertEquals(line(after, "hostkeeper_backup_last_success_timestamp_seconds{backup=\"app\"}"),
        line(restarted, "hostkeeper_backup_last_success_timestamp_seconds{backup=\"app\"}"));

    Javalin app = Javalin.create(cfg -> {
      new BackupRoutes(ctx).addTo(cfg);
      cfg.routes.exception(ApiError.class, (e, c) -> c.status(e.status()).json(Map.of("error", e.code(), "message", e.getMessage())));
    }).start("127.0.0.1", 0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.port();
      var list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/backups")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, list.statusCode());
      JsonNode body = new ObjectMapper().readTree(list.body());
      assertEquals("app", body.get("backups").get(0).get("name").asText());
      assertEquals(1, body.get("backups").get(0).get("archive_count").asInt());
      assertTrue(body.get("backups").get(1).get("latest").isNull());
      var one = http.send(HttpRequest.newBuilder(URI.create(base + "/api/backups/app")).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode a = new ObjectMapper().readTree(one.body()).get("archives").get(0);
      assertNotNull(a.get("sha256"));
      assertTrue(a.get("present").asBoolean());
      assertEquals(a.get("sha256").asText(), GpgInteropTest.sha256(Path.of(a.get("path").asText())));
      var missing = http.send(HttpRequest.newBuilder(URI.create(base + "/api/backups/nope")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, missing.statusCode());
      assertTrue(missing.body().contains("no backup named 'nope'"), missing.body());
    } finally {
      app.stop();
    }
    assertTrue(Files.exists(dir.resolve("dest")));

    // start-up clean-up removes an interrupted run's temporary file, and nothing else
    Path leftover = Files.writeString(dir.resolve("dest/.hk-tmp-app-20260101T000000Z.tar.zst.gpg"), "partial");
    var report = BackupJobs.cleanUpAtStart(ctx);
    assertEquals(1, report.size(), report.toString());
    assertTrue(!Files.exists(leftover));
    assertEquals(1, new BackupCatalogue(TestBackups.stateDb(dir)).count("app"));
  }

  private static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static String scrape(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
