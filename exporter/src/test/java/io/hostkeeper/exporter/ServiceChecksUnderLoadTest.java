package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.HttpCheck;
import io.hostkeeper.common.config.ServiceChecksConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.StatusRange;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.ServiceStatusCollector;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.ServicesStatusContributor;
import io.hostkeeper.exporter.status.StatusService;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slow-service attacks on the exporter's HTTP server: an http check of a server that never
 * answers, under many concurrent requests, and an http check of the exporter's own {@code /health}.
 * Checks run on their own schedule and threads, so no request waits for one: every request must
 * answer in well under the check's timeout (half of it, a generous bound: they take milliseconds).
 */
class ServiceChecksUnderLoadTest {
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
  static final Duration REQUEST_BOUND = CHECK_TIMEOUT.dividedBy(2);
  static final int CLIENTS = 40; // more than the server's threads
  static final int REQUESTS_EACH = 4;

  final HostRoots roots = TestConfigs.fixture("server");
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
  }

  static ServiceConfig http(String name, String url) {
    return new ServiceConfig(name, new ServiceCheck(new HttpCheck(url, "GET", StatusRange.parse("2xx"), null, CHECK_TIMEOUT, true, 0),
        null, null, null, null, null), null);
  }

  /** The exporter on the fixture host with these services, checked every second, started on {@code port}. */
  Javalin start(List<ServiceConfig> services, int port) {
    ExporterConfig cfg = TestConfigs.exporter(roots, Duration.ofSeconds(1), List.of(), List.of());
    ServiceStatusCollector collector = new ServiceStatusCollector(services, ProbeSettings.defaults(),
        new ServiceChecksConfig(Duration.ofSeconds(1), 4));
    CollectorRegistry registry = CollectorRegistry.builtIn(cfg, roots, FixtureExporter.BUILD, FixtureExporter.CLOCK,
        FixtureExporter.FAKE_STATFS).with(new CollectorRegistry.Factory("services", true, () -> collector));
    ScrapeEngine engine = new ScrapeEngine(registry.build(cfg.collectors()), cfg.maxStaleness());
    cleanup.add(engine);
    StatusService status = new StatusService(FixtureExporter.CLOCK, List.of(new ServicesStatusContributor(collector)));
    Javalin app = new ExporterApp(engine, status, FixtureExporter.BUILD, Duration.ofSeconds(10)).create().start("127.0.0.1", port);
    cleanup.add(app::stop);
    return app;
  }

  /** {@code CLIENTS} clients each sending {@code REQUESTS_EACH} requests round the paths; what went wrong, if anything. */
  List<String> load(int port, List<String> paths) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    HttpClient http = HttpClient.newBuilder().executor(clients).connectTimeout(REQUEST_BOUND).build();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService drivers = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        all.add(drivers.submit(() -> {
          for (int i = 0; i < REQUESTS_EACH; i++) {
            String path = paths.get((client + i) % paths.size());
            // A scrape timeout longer than the check's, so that waiting for the check would show.
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_BOUND)
                .header("X-Prometheus-Scrape-Timeout-Seconds", "60").build();
            try {
              HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) problems.add(path + ": status " + r.statusCode());
            } catch (Exception e) {
              problems.add(path + ": " + e); // HttpTimeoutException: no answer within REQUEST_BOUND
            }
          }
        }));
      }
      for (Future<?> f : all) f.get(5, TimeUnit.MINUTES);
    } finally {
      drivers.shutdownNow();
      clients.shutdownNow();
    }
    return List.copyOf(problems);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void serviceThatNeverAnswersDoesNotHoldMetricsHealthOrStatusUnderLoad() throws Exception {
    // Accepts connections and reads nothing, answers nothing: the check waits for its whole timeout.
    ServerSocket silent = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    List<Socket> held = new ArrayList<>();
    Thread acceptor = new Thread(() -> {
      try {
        while (true) held.add(silent.accept());
      } catch (Exception e) {
        // closed at the end of the test
      }
    }, "silent-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    cleanup.add(() -> {
      silent.close();
      for (Socket s : held) s.close();
    });
    Javalin app = start(List.of(http("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/")), 0);

    List<String> problems = load(app.port(), List.of("/metrics", "/health", "/api/status", "/metrics"));
    assertEquals(List.of(), problems, "every request answered within " + REQUEST_BOUND.toSeconds() + " s");
  }

  @Test
  void httpCheckOfTheExportersOwnHealthDoesNotDeadlockIt() throws Exception {
    int port = freePort();
    Javalin app = start(List.of(http("self", "http://127.0.0.1:" + port + "/health")), port);

    List<String> problems = load(app.port(), List.of("/metrics", "/health", "/metrics", "/api/status"));
    assertEquals(List.of(), problems, "every request answered within " + REQUEST_BOUND.toSeconds() + " s");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(REQUEST_BOUND).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String body;
    do {
      body = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains("hostkeeper_service_up{check=\"http\",service=\"self\"} 1")) break;
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertTrue(body.contains("hostkeeper_service_up{check=\"http\",service=\"self\"} 1"), "the self check answers: the exporter is up\n" + body);
  }
}
