package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md's single process as a user starts it: hostkeeper-single.jar with one
 * configuration answers on the exporter's port and on the worker's, each with its own metrics.
 */
class SingleProcessJarTest {
  @TempDir Path dir;

  @Test
  void oneJvmServesTheExporterAndTheWorkerPorts() throws Exception {
    int exporterPort = Poll.freePort();
    int workerPort = Poll.freePort();
    int adminPort = Poll.freePort();
    Path config = Files.writeString(dir.resolve("hostkeeper.yml"), String.join("\n",
        "exporter: {listen: 127.0.0.1:" + exporterPort + "}",
        "worker:",
        "  data_dir: " + dir.resolve("data"),
        "  metrics_listen: 127.0.0.1:" + workerPort,
        "  admin: {listen: 127.0.0.1:" + adminPort + "}",
        ""));
    try (ChildProcess single = HostkeeperProcess.start(HostkeeperProcess.App.SINGLE, config, dir,
        "http://127.0.0.1:" + exporterPort + "/metrics")) {
      HttpResponse<String> exporter = Json.get("http://127.0.0.1:" + exporterPort + "/metrics");
      assertTrue(exporter.body().contains("hostkeeper_exporter_build_info{"), single.tail());
      HttpResponse<String> worker = Poll.until(java.time.Duration.ofSeconds(60), "the worker's port", () -> {
        try {
          HttpResponse<String> r = Json.get("http://127.0.0.1:" + workerPort + "/metrics");
          return r.statusCode() == 200 ? java.util.Optional.of(r) : java.util.Optional.empty();
        } catch (RuntimeException notYet) {
          return java.util.Optional.empty(); // the worker starts after the exporter
        }
      }, single::tail);
      assertTrue(worker.body().contains("hostkeeper_job_"), worker.body());
      assertTrue(worker.body().contains("process_resident_memory_bytes"), "the JVM's families on the worker's port");
      assertEquals(false, exporter.body().contains("process_resident_memory_bytes"), "and only there");
      assertTrue(Files.isRegularFile(dir.resolve("data/state.db")), "the worker's state database");
    }
  }
}
