package io.hostkeeper.stack;

import com.sun.net.httpserver.HttpServer;
import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What a realistic host gives the exporter and worker to look at, built under a temp folder:
 * a TCP service and an HTTP service on 127.0.0.1, a directory to back up with an OpenPGP key made
 * by the real gpg, a log file to rotate, a SQLite database to maintain, and a sysfs tree with
 * hwmon sensors, a fan, a thermal zone, a CPU frequency and a wired network link (so sensor and
 * link panels have data on build machines without them). Closing it stops the services and the gpg-agent it started.
 */
final class TestHost implements AutoCloseable {
  final Path dir;
  final ServerSocket tcpService;
  final HttpServer httpService;
  final Path publicKey;
  final Path sysfs;
  private final Path gnupgHome;

  TestHost(Path dir) throws IOException {
    this.dir = dir;
    tcpService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    httpService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    httpService.createContext("/health", ex -> {
      byte[] b = "ok\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    httpService.start();

    Files.createDirectories(dir.resolve("app/config"));
    Files.writeString(dir.resolve("app/config/app.yml"), "greeting: hello\n");
    Files.createDirectories(dir.resolve("backups"));
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("logs/app.log"), "line 1\nline 2\n".repeat(100));
    createDatabase(dir.resolve("app/data.db"));

    gnupgHome = dir.resolve("gnupg");
    Files.createDirectories(gnupgHome);
    Files.setPosixFilePermissions(gnupgHome, PosixFilePermissions.fromString("rwx------"));
    publicKey = dir.resolve("backup-key.asc");
    makeKey();

    sysfs = dir.resolve("sys");
    writeSysfs();
  }

  private static void createDatabase(Path db) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT)");
      s.executeUpdate("INSERT INTO events (body) SELECT hex(randomblob(64)) FROM (WITH RECURSIVE n(x) AS "
          + "(SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 500) SELECT x FROM n)");
      s.executeUpdate("DELETE FROM events WHERE id % 2 = 0");
    } catch (SQLException e) {
      throw new IOException("cannot create " + db + ": " + e.getMessage(), e);
    }
  }

  private void makeKey() {
    Path gpg = RealStack.require("gnupg", "gpg");
    Run.Result gen = Run.run(dir, List.of(gpg.toString(), "--homedir", gnupgHome.toString(), "--batch",
        "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", "hostkeeper test <backup@test.invalid>",
        "default", "default", "never"));
    if (!gen.ok()) throw new AssertionError("gpg key generation failed: " + gen.output());
    Run.Result exp = Run.run(dir, List.of(gpg.toString(), "--homedir", gnupgHome.toString(), "--batch", "--armor",
        "--output", publicKey.toString(), "--export", "backup@test.invalid"));
    if (!exp.ok()) throw new AssertionError("gpg export failed: " + exp.output());
  }

  private void write(String relative, String content) throws IOException {
    Path p = sysfs.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content + "\n");
  }

  private void writeSysfs() throws IOException {
    write("class/hwmon/hwmon0/name", "coretemp");
    write("class/hwmon/hwmon0/temp1_input", "45000");
    write("class/hwmon/hwmon0/temp1_label", "Package id 0");
    write("class/hwmon/hwmon0/temp1_max", "80000");
    write("class/hwmon/hwmon0/temp1_crit", "100000");
    write("class/hwmon/hwmon0/temp2_input", "43000");
    write("class/hwmon/hwmon0/temp2_label", "Core 0");
    write("class/hwmon/hwmon0/temp2_max", "80000");
    write("class/hwmon/hwmon0/temp2_crit", "100000");
    write("class/hwmon/hwmon1/name", "nct6779");
    write("class/hwmon/hwmon1/fan1_input", "1210");
    write("class/hwmon/hwmon1/fan1_label", "CPU fan");
    write("class/thermal/thermal_zone0/type", "cpu-thermal");
    write("class/thermal/thermal_zone0/temp", "47000");
    write("devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "2400000");
    write("class/net/lo/operstate", "unknown");
    // a wired link with a negotiated speed (a build machine's own interfaces are virtual and report none)
    write("class/net/eth0/operstate", "up");
    write("class/net/eth0/carrier", "1");
    write("class/net/eth0/carrier_changes", "2");
    write("class/net/eth0/speed", "1000");
    write("class/net/eth0/mtu", "1500");
    write("class/net/eth0/duplex", "full");
    write("class/net/eth0/address", "02:00:00:00:00:01");
  }

  int tcpPort() {
    return tcpService.getLocalPort();
  }

  int httpPort() {
    return httpService.getAddress().getPort();
  }

  /** The services: list both processes read. */
  String servicesYaml() {
    return """
        services:
          - name: db
            check: {tcp: {address: "127.0.0.1:%d", timeout: 1s}}
            restart: {command: ["/bin/true"], after_failures: 2, interval: 1s, grace: 1s}
          - name: web
            check: {http: {url: "http://127.0.0.1:%d/health", timeout: 1s}}
            restart: {command: ["/bin/true"], after_failures: 2, interval: 1s, grace: 1s}
        """.formatted(tcpPort(), httpPort());
  }

  @Override
  public void close() {
    httpService.stop(0);
    try {
      tcpService.close();
    } catch (IOException e) {
      // closing anyway
    }
    RealStack.find("gpgconf").ifPresent(gpgconf ->
        Run.run(dir, List.of(gpgconf.toString(), "--homedir", gnupgHome.toString(), "--kill", "gpg-agent")));
  }
}
