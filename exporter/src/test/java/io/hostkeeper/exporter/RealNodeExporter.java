package io.hostkeeper.exporter;

import io.hostkeeper.common.testing.RealStack;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real prometheus-node-exporter started on a free loopback port with the given flags (skips when missing). */
final class RealNodeExporter implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Process process;
  private final int port;

  private RealNodeExporter(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it and waits (at most 30 s) until its /metrics answers with memory figures. */
  static RealNodeExporter start(String... flags) throws Exception {
    Path binary = RealStack.require("prometheus-node-exporter", "prometheus-node-exporter", "node_exporter");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> argv = new ArrayList<>(List.of(binary.toString(), "--web.listen-address=127.0.0.1:" + port));
    argv.addAll(List.of(flags));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    RealNodeExporter node = new RealNodeExporter(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (node.metrics().contains("node_memory_MemTotal_bytes")) return node;
      } catch (java.io.IOException e) {
        if (!p.isAlive()) throw new AssertionError("prometheus-node-exporter exited with " + p.exitValue());
      }
      if (System.nanoTime() > deadline) {
        node.close();
        throw new AssertionError("prometheus-node-exporter did not start");
      }
      Thread.sleep(50);
    }
  }

  String metrics() throws Exception {
    return get("http://127.0.0.1:" + port + "/metrics");
  }

  static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/plain;version=0.0.4").build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
