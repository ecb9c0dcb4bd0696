package io.hostkeeper.worker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.RawHttp;
import io.hostkeeper.worker.testing.TestConfigs;
import io.hostkeeper.worker.testing.TestJob;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API of a real worker on 127.0.0.1, port 0, over real HTTP. */
class AdminApiTest {
  static final String TOKEN = "test-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Worker worker;
  TestJob slow;
  TestJob daily;
  TestJob off;
  int port;

  @BeforeEach
  void start() throws Exception {
    slow = new TestJob("backup:app", Schedule.every(Duration.ofHours(1)));
    daily = new TestJob("logs:nginx", TestJob.dailyAt2(), false);
    off = new TestJob("sqlite:data.db", Schedule.DISABLED);
    WorkerModules modules = new WorkerModules(List.of(ctx -> List.of(slow, daily, off)), List.of());
    worker = Worker.start(TestConfigs.withToken(dir, TOKEN), dir, Clock.systemUTC(), modules, Worker.Options.defaults());
    port = worker.adminPort();
  }

  @AfterEach
  void stop() {
    if (slow.release != null) slow.release.countDown();
    worker.close();
  }

  JsonNode json(HttpResponse<String> r) throws Exception {
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void healthNeedsNoToken() throws Exception {
    HttpResponse<String> r = Http.get(port, "/health", null);
    assertEquals(200, r.statusCode());
    assertEquals("ok", json(r).get("status").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/jobs", "/api/jobs/backup:app", "/api/running", "/api/nope", "/api"})
  void everyApiPathNeedsTheToken(String path) throws Exception {
    HttpResponse<String> none = Http.get(port, path, null);
    assertEquals(401, none.statusCode(), path);
    assertEquals("unauthorized", json(none).get("error").asText());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, Http.get(port, path, "wrong-token").statusCode());
    assertEquals(401, Http.get(port, path, TOKEN + "x").statusCode());
    assertEquals(401, Http.get(port, path, "").statusCode());
    assertEquals(401, Http.post(port, "/api/jobs/backup:app/run", "wrong").statusCode());
    assertEquals(0, slow.runs.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {"//api/jobs", "/api//jobs", "/api/./jobs", "/API/jobs", "/api/jobs/", "/api/%6aobs",
      "/health/../api/jobs", "/api/jobs;x=1", "/%2fapi/jobs"})
  void noPathVariantGetsPastTheToken(String raw) throws Exception {
    int status = RawHttp.status(port, "GET", raw, null);
    assertTrue(status == 401 || status == 404 || status == 400, raw + " -> " + status);
    int post = RawHttp.status(port, "POST", raw + "/backup:app/run", null);
    assertTrue(post == 401 || post == 404 || post == 400, raw + " POST -> " + post);
    assertEquals(0, slow.runs.get());
  }

  @Test
  void listAndShowJobs() throws Exception {
    JsonNode list = json(Http.get(port, "/api/jobs", TOKEN));
    assertEquals("running", list.get("scheduler").asText());
    List<String> names = new java.util.ArrayList<>();
    list.get("jobs").forEach(j -> names.add(j.get("name").asText()));
    assertEquals(List.of("history:prune", "backup:app", "logs:nginx", "sqlite:data.db"), names);

    JsonNode job = json(Http.get(port, "/api/jobs/logs:nginx", TOKEN));
    assertEquals("0 2 * * *", job.get("schedule").asText());
    assertEquals("UTC", job.get("time_zone").asText());
    assertEquals("scheduled", job.get("state").asText());
    assertTrue(job.get("next_run").asText().endsWith("T02:00:00Z"), job.toString());
    assertTrue(job.get("last_result").isNull());

    JsonNode disabled = json(Http.get(port, "/api/jobs/sqlite:data.db", TOKEN));
    assertEquals("disabled", disabled.get("state").asText());
    assertTrue(disabled.get("next_run").isNull());
  }

  @Test
  void encodedAndPlainColonsBothMatch() throws Exception {
    assertEquals("backup:app", json(Http.get(port, "/api/jobs/backup%3Aapp", TOKEN)).get("name").asText());
    assertEquals("backup:app", json(Http.get(port, "/api/jobs/backup%3aapp", TOKEN)).get("name").asText());
  }

  @Test
  void unknownJobIs404() throws Exception {
    for (String path : List.of("/api/jobs/backup:nope", "/api/jobs/backup:nope/runs", "/api/jobs/nope")) {
      HttpResponse<String> r = Http.get(port, path, TOKEN);
      assertEquals(404, r.statusCode(), path);
      assertEquals("not_found", json(r).get("error").asText());
    }
    assertEquals(404, Http.post(port, "/api/jobs/backup:nope/run", TOKEN).statusCode());
    assertEquals(404, Http.post(port, "/api/jobs/backup:nope/pause", TOKEN).statusCode());
    assertEquals(404, json(Http.get(port, "/api/whatever", TOKEN)).isObject() ? 404 : 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/jobs/..%2F..%2Fetc%2Fpasswd", "/api/jobs/../../etc/passwd", "/api/jobs/%2e%2e", "/api/jobs/backup%00app",
      "/api/jobs/backup%0d%0aX-Injected:%201", "/api/jobs/%ff%fe", "/api/jobs/%", "/api/jobs/backup:app%2F..%2Frun",
      "/api/jobs/%E2%80%A8", "/api/jobs/a%09b/runs", "/api/jobs/;/runs", "/api/jobs//runs"})
  void hostileNamesAreNever500(String raw) throws Exception {
    int status = RawHttp.status(port, "GET", raw, TOKEN);
    assertTrue(status == 400 || status == 404, raw + " -> " + status);
    int post = RawHttp.status(port, "POST", raw.endsWith("/runs") ? raw.replace("/runs", "/run") : raw + "/run", TOKEN);
    assertTrue(post == 400 || post == 404, raw + " POST -> " + post);
    assertEquals(0, slow.runs.get());
  }

  @Test
  void veryLongNameIs400() throws Exception {
    HttpResponse<String> r = Http.get(port, "/api/jobs/backup:" + "a".repeat(5000), TOKEN);
    assertEquals(400, r.statusCode());
    assertEquals("bad_request", json(r).get("error").asText());
    HttpResponse<String> ctl = Http.get(port, "/api/jobs/backup%01app", TOKEN);
    assertEquals(400, ctl.statusCode());
  }

  @Test
  void runIs202ThenConflictWhileRunning() throws Exception {
    slow.release = new CountDownLatch(1);
    HttpResponse<String> r = Http.post(port, "/api/jobs/backup:app/run", TOKEN);
    assertEquals(202, r.statusCode(), r.body());
    assertTrue(slow.started.await(30, java.util.concurrent.TimeUnit.SECONDS), "the manual run never started");
    HttpResponse<String> again = Http.post(port, "/api/jobs/backup%3Aapp/run", TOKEN);
    assertEquals(409, again.statusCode());
    assertEquals("conflict", json(again).get("error").asText());
    JsonNode running = json(Http.get(port, "/api/running", TOKEN)).get("running");
    assertEquals(1, running.size());
    assertEquals("backup:app", running.get(0).get("job").asText());
    assertEquals("manual", running.get(0).get("trigger").asText());
    assertTrue(json(Http.get(port, "/api/jobs/backup:app", TOKEN)).get("running").asBoolean());
    slow.release.countDown();
    Poll.until("run finished", () -> worker.history().lastRun("backup:app").map(x -> x.finished()).orElse(false));
    JsonNode job = json(Http.get(port, "/api/jobs/backup:app", TOKEN));
    assertEquals("success", job.get("last_result").get("result").asText());
    assertEquals(1, job.get("last_result").get("details").get("run").asInt());
    assertTrue(job.get("last_success").isTextual(), "last_success is a time, not null: " + job);
    java.time.Instant.parse(job.get("last_success").asText()); // an ISO-8601 instant
    assertEquals(1, slow.runs.get());
    assertEquals(1, slow.maxConcurrent.get());
  }

  @Test
  void disabledJobRunsByHand() throws Exception {
    assertEquals(202, Http.post(port, "/api/jobs/sqlite:data.db/run", TOKEN).statusCode());
    Poll.until("disabled job ran", () -> worker.history().lastRun("sqlite:data.db").map(x -> x.finished()).orElse(false));
    assertEquals("manual", worker.history().lastRun("sqlite:data.db").orElseThrow().trigger());
  }

  @Test
  void pauseAndResumeShowInTheNextRun() throws Exception {
    String before = json(Http.get(port, "/api/jobs/logs:nginx", TOKEN)).get("next_run").asText();
    JsonNode paused = json(Http.post(port, "/api/jobs/logs:nginx/pause", TOKEN));
    assertEquals("paused", paused.get("state").asText());
    assertTrue(paused.get("next_run").isNull());
    JsonNode resumed = json(Http.post(port, "/api/jobs/logs:nginx/resume", TOKEN));
    assertEquals("scheduled", resumed.get("state").asText());
    assertEquals(before, resumed.get("next_run").asText());

    assertEquals("paused", json(Http.post(port, "/api/scheduler/pause", TOKEN)).get("scheduler").asText());
    assertTrue(json(Http.get(port, "/api/jobs/logs:nginx", TOKEN)).get("next_run").isNull());
    assertEquals("paused", json(Http.get(port, "/api/jobs", TOKEN)).get("scheduler").asText());
    assertEquals("paused", json(Http.get(port, "/health", null)).get("scheduler").asText());
    assertEquals(409, Http.post(port, "/api/jobs/backup:app/run", TOKEN).statusCode());
    assertEquals("running", json(Http.post(port, "/api/scheduler/resume", TOKEN)).get("scheduler").asText());
    assertEquals(before, json(Http.get(port, "/api/jobs/logs:nginx", TOKEN)).get("next_run").asText());
  }

  @Test
  void runsArePagedAndParamsValidated() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(202, Http.post(port, "/api/jobs/backup:app/run", TOKEN).statusCode());
      int n = i + 1;
      Poll.until("run " + n, () -> worker.history().runs("backup:app", 10, java.util.Optional.empty()).stream()
          .filter(x -> x.finished()).count() == n);
      // the run is recorded before its slot is let go: the next POST would get 409 in between
      Poll.until("run " + n + " let go of its slot", () -> !worker.runner().isRunning("backup:app"));
    }
    JsonNode page = json(Http.get(port, "/api/jobs/backup:app/runs?limit=2", TOKEN));
    assertEquals(2, page.get("runs").size());
    long next = page.get("next_before").asLong();
    JsonNode page2 = json(Http.get(port, "/api/jobs/backup:app/runs?limit=2&before=" + next, TOKEN));
    assertEquals(1, page2.get("runs").size());
    assertTrue(page2.get("next_before").isNull());
    assertNotEquals(page.get("runs").get(0).get("id"), page2.get("runs").get(0).get("id"));
    for (String bad : List.of("limit=0", "limit=abc", "limit=100000", "before=-1", "before=x")) {
      HttpResponse<String> r = Http.get(port, "/api/jobs/backup:app/runs?" + bad, TOKEN);
      assertEquals(400, r.statusCode(), bad);
      assertEquals("bad_request", json(r).get("error").asText());
    }
  }
}
