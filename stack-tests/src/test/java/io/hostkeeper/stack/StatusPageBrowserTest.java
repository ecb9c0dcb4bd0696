package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The exporter's status page in a real browser (Debian's chromium through chromium-driver), served
 * by the real exporter reading a fixture host: a copy of the "server" fixture whose CPU and network
 * counters move, a known memory figure, a sensor and a mount point with hostile names, and one TCP
 * service that the test stops and starts again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageBrowserTest {
  private static final String HOSTILE_LABEL = "<img src=x onerror=\"document.title='pwned'\">'\"";
  private static final String HOSTILE_MOUNT = "/mnt/<script>document.title='pwned'</script>";

  private Path dir;
  private Path host;
  private ServerSocket service;
  private int servicePort;
  private int port;
  private ChildProcess exporter;
  private Browser browser;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong tick = new AtomicLong();

  @BeforeAll
  void start(@TempDir Path tmp) throws IOException {
    dir = tmp;
    host = dir.resolve("host");
    Repo.copyTree(Repo.path("exporter", "src", "test", "resources", "fixtures", "server"), host);
    writeMeminfo();
    writeSensors();
    Files.writeString(host.resolve("proc/1/mountinfo"), Files.readString(host.resolve("proc/1/mountinfo"))
        + "99 1 8:9 / " + HOSTILE_MOUNT + " rw,relatime shared:99 - ext4 /dev/sdz1 rw\n");
    writeCounters();
    ticker.scheduleAtFixedRate(this::writeCountersQuietly, 300, 300, TimeUnit.MILLISECONDS);

    service = listen(0);
    servicePort = service.getLocalPort();
    port = Poll.freePort();
    Path config = dir.resolve("hostkeeper.yml");
    Files.writeString(config, """
        exporter:
          listen: 127.0.0.1:%d
          max_staleness: 0s
          paths: {procfs: %s, sysfs: %s, rootfs: %s}
          status_page: {history_interval: 1s}
          service_checks: {interval: 1s}
        services:
          - name: db
            check: {tcp: {address: "127.0.0.1:%d", timeout: 1s}}
        """.formatted(port, host.resolve("proc"), host.resolve("sys"), host.resolve("rootfs"), servicePort));
    exporter = HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, config, dir, url("health"));
    browser = Browser.start(dir.resolve("chromium-profile"));
  }

  @AfterAll
  void stop() throws IOException {
    ticker.shutdownNow();
    if (browser != null) browser.close();
    if (exporter != null) exporter.close();
    if (service != null) service.close();
  }

  @Test
  void everyCardShowsTheFixtureHostsFiguresWithNoConsoleErrors() throws IOException {
    open(1280, 900);
    browser.screenshot("status-desktop");
    assertEquals("75 %", cardValue("Memory"), "MemTotal 3742148 kB with MemAvailable 935537 kB is 75 % used");
    assertEquals("25 %", cardValue("Swap"), "the fixture's SwapTotal and SwapFree");
    assertEquals("0.21", cardValue("Load"), "the fixture's loadavg");
    assertEquals("30 %", cardValue("CPU"), "the ticker adds 30 user and 70 idle jiffies each step");
    assertTrue(cardValue("Disk /").endsWith("%"), cardValue("Disk /"));
    long days = (java.time.Instant.now().getEpochSecond() - fixtureBootTime()) / 86_400;
    String uptime = cardValue("Uptime");
    assertTrue(uptime.startsWith(days + "d") || uptime.startsWith((days - 1) + "d"),
        "boot time from the fixture's btime, " + days + " days ago: " + uptime);
    assertTrue(cardValue("Network").startsWith("↓ "), cardValue("Network"));
    assertFalse(cardValue("Network").startsWith("↓ 0 B/s"), "eth0's counters move: " + cardValue("Network"));
    WebElement sensor = browser.driver.findElement(By.cssSelector("#sensors tbody tr"));
    assertTrue(sensor.getText().contains("52.0 °C"), sensor.getText());
    assertTrue(sensor.getText().contains("85.0 °C"), sensor.getText());
    assertEquals(List.of(), browser.consoleErrors(), "console errors");
  }

  @Test
  void hostileSensorLabelsAndMountPointsAreShownAsText() {
    open(1280, 900);
    assertTrue(browser.driver.findElement(By.id("sensors")).getText().contains(HOSTILE_LABEL), "label shown as text");
    assertTrue(browser.driver.findElement(By.cssSelector(".cards")).getText().contains("Disk " + HOSTILE_MOUNT),
        "mount point shown as text");
    assertEquals(0L, browser.js("return document.querySelectorAll('main img, main script').length;"));
    assertFalse(browser.driver.getTitle().contains("pwned"), browser.driver.getTitle());
  }

  @Test
  void aStoppedServiceTurnsRedWithItsReasonAndBack() throws IOException {
    open(1280, 900);
    assertEquals("ok up", serviceRow());
    service.close();
    String down = Poll.until(Duration.ofSeconds(30), "db shown down", () -> {
      browser.driver.navigate().refresh();
      String row = serviceRow();
      return row.startsWith("critical down") ? Optional.of(row) : Optional.empty();
    }, exporter::tail);
    assertTrue(down.contains("refused"), "the reason is shown: " + down);
    browser.screenshot("status-service-down");
    service = listen(servicePort);
    Poll.until(Duration.ofSeconds(30), "db shown up again", () -> {
      browser.driver.navigate().refresh();
      return serviceRow().equals("ok up") ? Optional.of(true) : Optional.empty();
    }, exporter::tail);
    assertEquals(List.of(), browser.consoleErrors(), "console errors");
  }

  @Test
  void theChartsDrawTheirSeriesOnceHistoryHasSamples() throws IOException {
    Poll.until(Duration.ofSeconds(30), "three CPU samples in /api/history", () -> {
      var points = Json.getJson(url("api/history?series=cpu")).get("points");
      long present = 0;
      for (var p : points) if (!p.get(1).isNull()) present++;
      return present >= 3 ? Optional.of(true) : Optional.empty();
    }, exporter::tail);
    open(1280, 900);
    for (String series : List.of("cpu", "memory", "load1", "net_rx")) {
      long drawn = Poll.until(Duration.ofSeconds(15), series + " chart drawn", () -> {
        Object n = browser.js(STROKE_PIXELS, series);
        return n instanceof Number x && x.longValue() > 0 ? Optional.of(x.longValue()) : Optional.empty();
      }, exporter::tail);
      assertTrue(drawn > 0, series);
    }
    browser.screenshot("status-charts");
    assertEquals(List.of(), browser.consoleErrors(), "console errors");
  }

  @Test
  void onA360PixelPhoneNothingOverflowsSideways() throws IOException {
    open(360, 740);
    Poll.until(Duration.ofSeconds(15), "charts laid out", () ->
        browser.driver.findElements(By.cssSelector("figure.chart canvas")).isEmpty() ? Optional.empty() : Optional.of(true),
        exporter::tail);
    browser.screenshot("status-phone");
    assertFalse(browser.overflowsHorizontally(), "the page is wider than 360 px");
    assertEquals(List.of(), browser.consoleErrors(), "console errors");
  }

  /** Pixels in the series' stroke colour (#2f81f7) on the chart's canvas: the line was drawn. */
  private static final String STROKE_PIXELS = """
      var c = document.querySelector('figure.chart[data-series="' + arguments[0] + '"] canvas');
      if (!c) return 0;
      var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
      for (var i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 47) < 12 && Math.abs(d[i + 1] - 129) < 12 && Math.abs(d[i + 2] - 247) < 12 && d[i + 3] > 200) n++;
      }
      return n;
      """;

  private void open(int width, int height) {
    browser.size(width, height);
    browser.driver.get(url(""));
    browser.consoleErrors(); // page loads with a clean log; earlier pages' entries are dropped
    browser.driver.navigate().refresh();
  }

  private String cardValue(String title) {
    for (WebElement card : browser.driver.findElements(By.cssSelector("article.card"))) {
      if (card.findElement(By.tagName("h2")).getText().equals(title)) return card.findElement(By.cssSelector(".value")).getText();
    }
    throw new AssertionError("no card " + title + " on the page:\n" + browser.driver.findElement(By.cssSelector(".cards")).getText());
  }

  /** The db row's class and state cell, e.g. "ok up" or "critical down\nconnection ... refused". */
  private String serviceRow() {
    WebElement row = browser.driver.findElement(By.cssSelector("#services tr[data-service=db]"));
    return row.getAttribute("class") + " " + row.findElements(By.tagName("td")).get(1).getText();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + "/" + path;
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return s;
  }

  private void writeMeminfo() throws IOException {
    Path p = host.resolve("proc/meminfo");
    StringBuilder b = new StringBuilder();
    for (String line : Files.readAllLines(p)) {
      if (!line.startsWith("MemAvailable:")) b.append(line).append('\n');
    }
    b.append("MemAvailable:     935537 kB\n");
    Files.writeString(p, b);
  }

  private void writeSensors() throws IOException {
    Path hwmon = host.resolve("sys/class/hwmon/hwmon0");
    Files.createDirectories(hwmon);
    Files.writeString(hwmon.resolve("name"), "coretemp\n");
    Files.writeString(hwmon.resolve("temp1_input"), "52000\n");
    Files.writeString(hwmon.resolve("temp1_label"), HOSTILE_LABEL + "\n");
    Files.writeString(hwmon.resolve("temp1_max"), "85000\n");
    Files.writeString(hwmon.resolve("temp1_crit"), "100000\n");
  }

  private void writeCountersQuietly() {
    try {
      writeCounters();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Moves the aggregate and cpu0's CPU lines (30 % busy) and eth0's byte counters, each file replaced whole. */
  private void writeCounters() throws IOException {
    long k = tick.incrementAndGet();
    List<String> stat = Files.readAllLines(Repo.path("exporter", "src", "test", "resources", "fixtures", "server", "proc", "stat"));
    stat.set(0, "cpu  %d 612 111922 %d 3552 2 3944 0 44 36".formatted(301854 + 30 * k, 8979004 + 70 * k));
    stat.set(1, "cpu0 %d 19 21045 %d 220 1 3410 0 2 1".formatted(44490 + 30 * k, 1087069 + 70 * k));
    replace(host.resolve("proc/stat"), String.join("\n", stat) + "\n");
    String dev = Files.readString(Repo.path("exporter", "src", "test", "resources", "fixtures", "server", "proc", "net", "dev"));
    dev = dev.replace("68210035552", Long.toString(68210035552L + 150_000 * k))
        .replace("9315587528", Long.toString(9315587528L + 20_000 * k));
    replace(host.resolve("proc/net/dev"), dev);
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The fixture's {@code btime}: the uptime shown grows with the calendar, so the test reads it. */
  private static long fixtureBootTime() throws IOException {
    return Files.readAllLines(Repo.path("exporter", "src", "test", "resources", "fixtures", "server", "proc", "stat")).stream()
        .filter(l -> l.startsWith("btime ")).mapToLong(l -> Long.parseLong(l.substring(6).trim())).findFirst().orElseThrow();
  }
}
