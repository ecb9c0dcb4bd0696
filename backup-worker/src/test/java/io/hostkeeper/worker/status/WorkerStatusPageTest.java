package io.hostkeeper.worker.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.web.Html;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestConfigs;
import io.hostkeeper.worker.testing.TestJob;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's read-only page on its metrics port, over real HTTP, after real runs. */
class WorkerStatusPageTest {
  private static final String HOSTILE = "<script>alert('x')</script> \"quoted\" & more";

  @TempDir Path dir;
  Worker worker;
  TestJob good;
  TestJob bad;
  int port;

  @BeforeEach
  void start() throws Exception {
    good = new TestJob("logs:app", TestJob.dailyAt2(), false);
    bad = new TestJob("sqlite:data.db", TestJob.dailyAt2(), false);
    bad.failWith = new IllegalStateException(HOSTILE);
    WorkerModules modules = new WorkerModules(List.of(ctx -> List.of(good, bad)), List.of());
    worker = Worker.start(TestConfigs.worker(dir), dir, Clock.systemUTC(), modules, Worker.Options.defaults());
    port = worker.metricsPort();
    worker.scheduler().runNow("logs:app");
    worker.scheduler().runNow("sqlite:data.db");
    Poll.until("both runs finished", () ->
        worker.history().lastFinished("logs:app").isPresent() && worker.history().lastFinished("sqlite:data.db").isPresent());
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  @Test
  void showsEachJobsLastRunAndTheFailuresReasonAsText() {
    HttpResponse<String> r = Http.get(port, "/", null);
    assertEquals(200, r.statusCode());
    assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
    assertEquals(Html.CSP, r.headers().firstValue("Content-Security-Policy").orElse(""));
    String page = r.body();
    assertTrue(page.contains("<p class=\"overall critical\" id=\"overall\">1 PROBLEM</p>"), page);
    assertTrue(page.contains("<tr class=\"ok\" data-job=\"logs:app\">"), page);
    assertTrue(page.contains("<tr class=\"critical\" data-job=\"sqlite:data.db\">"), page);
    assertTrue(page.contains(Html.esc(HOSTILE)), "the message, escaped");
    assertFalse(page.contains("<script>"), "no script from a message");
    assertTrue(page.contains("No backups configured"), page);
    assertTrue(page.contains("<h2>Last 50 runs</h2>"), page);
    assertEquals(4, page.split("<td>sqlite:data.db<br>|<td>logs:app<br>", -1).length - 1,
        "each job once in the jobs table and once in the runs");
  }

  @Test
  void isReadOnlyAndServesNothingElse() {
    assertEquals(405, Http.post(port, "/", null).statusCode());
    assertEquals(404, Http.get(port, "/api/jobs", null).statusCode());
    int escape = Http.get(port, "/static/../../etc/passwd", null).statusCode();
    assertTrue(escape == 400 || escape == 404, "a path out of the root is refused: " + escape);
    HttpResponse<String> css = Http.get(port, "/static/status.css", null);
    assertEquals(200, css.statusCode());
    assertTrue(css.body().contains(".overall"), "the shared stylesheet");
    HttpResponse<String> metrics = Http.get(port, "/metrics", null);
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("hostkeeper_job_"), "metrics still served next to the page");
  }
}
