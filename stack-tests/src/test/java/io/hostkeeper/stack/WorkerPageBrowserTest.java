package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The worker's read-only page in a real browser, reached as a user would: from the exporter's
 * page, through its link. The real worker has made a real backup (real gpg key) and has a
 * database job that failed on a file that stopped being SQLite after start.
 */
class WorkerPageBrowserTest {
  private static final String TOKEN = "stack-test-admin-token-0123456789abcdef";

  @TempDir Path dir;
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stop() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }

  @Test
  void afterABackupAndAFailingJobTheWorkerPageShowsBothOneLinkFromTheExporter() throws Exception {
    TestHost host = new TestHost(dir.resolve("host"));
    running.add(host);
    Path broken = host.dir.resolve("app/broken.db");
    Files.copy(host.dir.resolve("app/data.db"), broken);
    int exporterPort = Poll.freePort();
    int workerPort = Poll.freePort();
    int adminPort = Poll.freePort();
    Path cfg = writeConfig(host, broken, exporterPort, workerPort, adminPort);
    running.add(HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, cfg, dir, "http://127.0.0.1:" + exporterPort + "/health"));
    ChildProcess worker = HostkeeperProcess.start(HostkeeperProcess.App.WORKER, cfg, dir, "http://127.0.0.1:" + workerPort + "/metrics");
    running.add(worker);
    HostkeeperProcess.awaitAdmin(worker, adminPort);

    // the database is overwritten once the worker runs: its next maintenance fails
    Files.writeString(broken, "not a database any more, just text\n".repeat(200));
    String api = "http://127.0.0.1:" + adminPort + "/api/jobs/";
    for (String job : List.of("backup:app", "sqlite:broken")) {
      int status = Json.withToken("POST", api + job + "/run", TOKEN).statusCode();
      assertEquals(202, status, "run " + job);
    }
    for (String job : List.of("backup:app", "sqlite:broken")) {
      Poll.until(Duration.ofSeconds(60), job + " finished", () -> {
        var runs = Json.read(Json.withToken("GET", api + job + "/runs", TOKEN).body()).path("runs");
        return runs.size() > 0 && !runs.get(0).path("result").asText().equals("running") ? Optional.of(true) : Optional.empty();
      }, worker::tail);
    }

    Browser browser = Browser.start(dir.resolve("chromium-profile"));
    running.add(browser);
    browser.size(1280, 900);
    browser.driver.get("http://127.0.0.1:" + exporterPort + "/");
    browser.driver.findElement(By.id("worker-link")).click();
    Poll.until(Duration.ofSeconds(15), "the worker page", () ->
        browser.driver.getCurrentUrl().equals("http://127.0.0.1:" + workerPort + "/") ? Optional.of(true) : Optional.empty(),
        worker::tail);
    browser.screenshot("worker-desktop");

    WebElement backup = browser.driver.findElement(By.cssSelector("#backups tr[data-backup=app]"));
    assertEquals("ok", backup.getAttribute("class"), backup.getText());
    List<WebElement> cells = backup.findElements(By.tagName("td"));
    assertTrue(cells.get(1).getText().contains("ago"), "last success with its age: " + cells.get(1).getText());
    assertTrue(cells.get(2).getText().matches("\\d+(\\.\\d)? (B|KiB|MiB)"), "newest archive's size: " + cells.get(2).getText());
    assertTrue(cells.get(3).getText().startsWith("1 · "), "one archive: " + cells.get(3).getText());

    WebElement failed = browser.driver.findElement(By.cssSelector("#jobs tr[data-job='sqlite:broken']"));
    assertEquals("critical", failed.getAttribute("class"), failed.getText());
    assertTrue(failed.getText().contains("failure"), failed.getText());
    assertTrue(failed.findElement(By.cssSelector(".reason")).getText().length() > 10, "the reason is shown: " + failed.getText());
    assertTrue(browser.driver.findElement(By.id("overall")).getText().contains("PROBLEM"));
    List<WebElement> runs = browser.driver.findElements(By.cssSelector("#runs tbody tr"));
    assertTrue(runs.size() >= 2, "both runs listed");
    assertEquals(List.of(), browser.consoleErrors(), "console errors");

    browser.size(360, 740);
    browser.driver.navigate().refresh();
    browser.screenshot("worker-phone");
    assertFalse(browser.overflowsHorizontally(), "the worker page is wider than 360 px");
    assertEquals(List.of(), browser.consoleErrors(), "console errors");
  }

  private Path writeConfig(TestHost host, Path broken, int exporterPort, int workerPort, int adminPort) throws IOException {
    Path token = dir.resolve("admin.token");
    Files.writeString(token, TOKEN + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(dir.resolve("worker-data"));
    Path cfg = dir.resolve("hostkeeper.yml");
    Files.writeString(cfg, """
        exporter:
          listen: 127.0.0.1:%d
        worker:
          data_dir: %s
          metrics_listen: 127.0.0.1:%d
          admin: {listen: "127.0.0.1:%d", token_file: %s}
        %s
        backups:
          - name: app
            schedule: "0 3 * * *"
            sources: [{path: %s}]
            recipients: [%s]
            destination: %s
            retention: {keep_last: 2}
        databases:
          - path: %s
            schedule: "0 4 * * *"
            steps: [integrity_check]
        """.formatted(exporterPort, dir.resolve("worker-data"), workerPort, adminPort, token, host.servicesYaml(),
        host.dir.resolve("app/config"), host.publicKey, host.dir.resolve("backups"), broken));
    return cfg;
  }
}
