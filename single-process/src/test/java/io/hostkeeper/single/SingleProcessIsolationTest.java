package io.hostkeeper.single;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.worker.StartRefusals;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.backup.BackupJobs;
import io.hostkeeper.worker.backup.BackupRoutes;
import io.hostkeeper.worker.backup.pgp.KeyGeneration;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobProvider;
import io.hostkeeper.worker.job.JobRunContext;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter and the worker in one JVM keep out of each other's way: jobs that keep every job
 * thread and the CPU busy leave scrapes answered with every collector inside its budget, and a
 * collector that hangs or throws leaves a backup to finish. Real Javalin ports, real Quartz, a real
 * backup (in-process key, no gpg).
 */
class SingleProcessIsolationTest {
  private static final Pattern SUCCESS = Pattern.compile("^hostkeeper_scrape_collector_success\\{collector=\"([a-z_]+)\"} (\\S+)$",
      Pattern.MULTILINE);
  private static final List<String> HOST_COLLECTORS = List.of("cpu", "loadavg", "meminfo", "time", "buildinfo");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private SingleProcess both;

  @BeforeEach
  void source() throws Exception {
    Files.createDirectories(dir.resolve("src"));
    // incompressible, so the backup does real zstd and OpenPGP work for a while
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(19);
    try (OutputStream out = Files.newOutputStream(dir.resolve("src/data.bin"))) {
      for (int i = 0; i < 48; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    var key = KeyGeneration.generate("Test", "test@example.org", null, Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
    Files.writeString(dir.resolve("pub.asc"), key.publicArmored());
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (both != null) both.close();
  }

  @Test
  void jobsHoggingEveryJobThreadAndTheCpuLeaveScrapesWithinTheirBudget() throws Exception {
    HogJobs hogs = new HogJobs(3, release);
    both = start(config("10s", List.of()), new WorkerModules(List.of(new BackupJobs(), hogs), List.of(BackupRoutes::new)),
        List.of());
    for (HostkeeperJob hog : hogs.built) both.worker().scheduler().runNow(hog.name());
    both.worker().scheduler().runNow("backup:app");
    await("every hog running", Duration.ofSeconds(30), () -> hogs.running.getCount() == 0);

    for (int i = 0; i < 30; i++) {
      HttpResponse<String> r = get(both.exporterPort(), "/metrics");
      assertEquals(200, r.statusCode());
      Map<String, String> success = successes(r.body());
      for (String c : HOST_COLLECTORS) assertEquals("1.0", success.get(c), "scrape " + i + ": " + c + " within its budget: " + success);
    }
    // the scrapes above were answered while the jobs held their threads
    for (HostkeeperJob hog : hogs.built) {
      assertTrue(both.worker().runner().isRunning(hog.name()), hog.name() + " still running after the scrapes");
    }
    release.countDown();
    awaitFinished("backup:app", Duration.ofMinutes(3));
    assertEquals("success", both.worker().history().lastFinished("backup:app").orElseThrow().result());
  }

  @Test
  void aHangingAndAThrowingCollectorLeaveABackupToFinish() throws Exception {
    CountDownLatch hanging = new CountDownLatch(1);
    List<CollectorRegistry.Factory> broken = List.of(
        new CollectorRegistry.Factory("hang", true, () -> collector("hang", () -> {
          hanging.countDown();
          release.await(2, TimeUnit.MINUTES);
          return List.of();
        })),
        new CollectorRegistry.Factory("boom", true, () -> collector("boom", () -> {
          throw new IllegalStateException("collector failure for the test");
        })));
    both = start(config("1s", List.of("hang", "boom")), new WorkerModules(List.of(new BackupJobs()), List.of(BackupRoutes::new)),
        broken);

    CompletableFuture<HttpResponse<String>> scrape = CompletableFuture.supplyAsync(() -> get(both.exporterPort(), "/metrics"));
    assertTrue(hanging.await(30, TimeUnit.SECONDS), "the hanging collector was entered");
    both.worker().scheduler().runNow("backup:app");
    awaitFinished("backup:app", Duration.ofMinutes(3));
    RunRecord run = both.worker().history().lastFinished("backup:app").orElseThrow();
    assertEquals("success", run.result(), run.message());
    try (var files = Files.list(dir.resolve("dest"))) {
      assertTrue(files.anyMatch(p -> p.toString().endsWith(".gpg")), "an archive was written");
    }
    assertEquals(200, get(both.worker().metricsPort(), "/metrics").statusCode(), "the worker's port answers meanwhile");

    HttpResponse<String> r = scrape.get(60, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode());
    Map<String, String> success = successes(r.body());
    assertEquals("0.0", success.get("hang"), success.toString());
    assertEquals("0.0", success.get("boom"), success.toString());
    for (String c : HOST_COLLECTORS) assertEquals("1.0", success.get(c), c + ": " + success);
    assertFalse(release.getCount() == 0, "the collector was still hanging throughout");
  }

  private SingleProcess start(Path config, WorkerModules modules, List<CollectorRegistry.Factory> more) throws Exception {
    LoadedConfig loaded = ConfigLoader.load(Optional.of(config));
    SingleProcess.Setup setup = new SingleProcess.Setup(Optional.of(config), new ExporterOptions(), Duration.ofSeconds(5),
        modules, more, Clock.systemDefaultZone());
    return SingleProcess.start(setup, loaded, StartRefusals.none());
  }

  private Path config(String scrapeTimeout, List<String> moreCollectors) throws Exception {
    List<String> enabled = new ArrayList<>(HOST_COLLECTORS);
    enabled.addAll(moreCollectors);
    return Files.writeString(dir.resolve("hostkeeper.yml"), String.join("\n",
        "exporter:",
        "  listen: 127.0.0.1:0",
        "  scrape_timeout: " + scrapeTimeout,
        "  max_staleness: 0s",
        "  collectors: {enable: [" + String.join(", ", enabled) + "]}",
        "worker:",
        "  data_dir: " + dir.resolve("data"),
        "  metrics_listen: 127.0.0.1:0",
        "  admin: {listen: 127.0.0.1:0}",
        "backups:",
        "  - name: app",
        "    schedule: \"0 2 * * *\"",
        "    catch_up: false",
        "    sources: [{path: " + dir.resolve("src") + "}]",
        "    recipients: [" + dir.resolve("pub.asc") + "]",
        "    destination: " + dir.resolve("dest"),
        ""));
  }

  private HttpResponse<String> get(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " on port " + port + ": " + e, e);
    }
  }

  private static Map<String, String> successes(String body) {
    Map<String, String> m = new TreeMap<>();
    Matcher matcher = SUCCESS.matcher(body);
    while (matcher.find()) m.put(matcher.group(1), matcher.group(2));
    return m;
  }

  private void awaitFinished(String job, Duration limit) throws InterruptedException {
    await(job + " finished", limit, () -> !both.worker().runner().isRunning(job)
        && both.worker().history().lastFinished(job).isPresent());
  }

  private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + limit + ": " + what);
      Thread.sleep(50);
    }
  }

  interface Collect {
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> get() throws Exception;
  }

  private static Collector collector(String name, Collect body) {
    return new Collector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<io.prometheus.metrics.model.snapshots.MetricSnapshot> collect(io.hostkeeper.exporter.collector.ScrapeContext c)
          throws Exception {
        return body.get();
      }
    };
  }

  /** Jobs that, once run, keep their job thread and a CPU busy (spinning and allocating) until released. */
  static final class HogJobs implements JobProvider {
    final List<HostkeeperJob> built = new ArrayList<>();
    final CountDownLatch running;
    private final int count;
    private final CountDownLatch release;

    HogJobs(int count, CountDownLatch release) {
      this.count = count;
      this.release = release;
      this.running = new CountDownLatch(count);
    }

    @Override
    public List<HostkeeperJob> jobs(WorkerContext context) {
      for (int i = 0; i < count; i++) built.add(new Hog("hog:" + i));
      return List.copyOf(built);
    }

    final class Hog extends HostkeeperJob {
      Hog(String name) {
        super(name);
      }

      @Override
      public Schedule schedule() {
        return Schedule.parse("0 3 * * *");
      }

      @Override
      public boolean catchUp() {
        return false;
      }

      @Override
      protected JobOutcome run(JobRunContext context) throws Exception {
        running.countDown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long sink = 0;
        while (release.getCount() > 0 && System.nanoTime() < deadline) {
          byte[] garbage = new byte[256 * 1024];
          for (int i = 0; i < garbage.length; i += 4096) sink += garbage[i] + i;
        }
        return JobOutcome.success("hogged " + sink, Map.of());
      }
    }
  }
}
