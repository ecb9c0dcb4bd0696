package io.hostkeeper.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.common.testing.ChildJvm;
import io.hostkeeper.worker.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration reload of the running worker: jobs added, removed, rescheduled; a broken file keeps the old. */
class WorkerReloadTest {
  @TempDir Path dir;

  String config(String logs, String metricsListen) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    StringBuilder sb = new StringBuilder("worker:\n  data_dir: " + dir.resolve("data") + "\n  metrics_listen: " + metricsListen
        + "\n  admin: {listen: 127.0.0.1:0}\n  time_zone: UTC\nlogs:\n");
    for (String entry : logs.split(",")) {
      String[] nameAndHour = entry.split("@");
      sb.append("  - {name: ").append(nameAndHour[0]).append(", path: ").append(dir.resolve("logs").resolve(nameAndHour[0] + ".log"))
          .append(", schedule: \"0 ").append(nameAndHour[1]).append(" * * *\", catch_up: false}\n");
    }
    return sb.toString();
  }

  @Test
  void reloadReschedulesTheJobsAndABrokenFileKeepsTheRunningOnes() throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), config("a@2,b@2", "127.0.0.1:0"));
    LoadedConfig loaded = ConfigLoader.load(Optional.of(file));
    try (Worker w = Worker.start(loaded.config(), WorkerPaths.dataDir(loaded.config().worker()), Clock.systemUTC(),
        WorkerModules.standard(), Worker.Options.defaults())) {
      WorkerReload reload = new WorkerReload(w, Optional.of(file), loaded);
      assertTrue(w.scheduler().names().containsAll(List.of("logs:a", "logs:b")));

      Files.writeString(file, config("a@4,c@3", "127.0.0.1:1"));
      assertTrue(reload.reload());
      List<String> names = w.scheduler().names();
      assertTrue(names.contains("logs:a") && names.contains("logs:c") && !names.contains("logs:b"), names.toString());
      assertEquals(4, w.scheduler().nextRun("logs:a").orElseThrow().atZone(ZoneOffset.UTC).getHour());
      assertEquals(3, w.scheduler().nextRun("logs:c").orElseThrow().atZone(ZoneOffset.UTC).getHour());
      assertEquals(2, w.context().config().logs().size(), "jobs built from now on see the new configuration");
      // worker.metrics_listen changed to port 1, which needs a restart: the server goes on where it was.
      String metrics = Http.get(w.metricsPort(), "/metrics", null).body();
      assertTrue(metrics.contains("hostkeeper_job_next_run_timestamp_seconds{job=\"logs:c\"}"), metrics);

      // A backup added by a reload gets its job and shows on the status page.
      Path key = Files.writeString(dir.resolve("pub.asc"), io.hostkeeper.worker.backup.pgp.KeyGeneration.generate("Test",
          "test@example.org", null, java.util.Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z"))).publicArmored());
      Files.createDirectories(dir.resolve("src"));
      Files.writeString(file, config("a@4,c@3", "127.0.0.1:1") + "backups:\n  - {name: nightly, schedule: '0 1 * * *', sources: [{path: "
          + dir.resolve("src") + "}], recipients: [" + key + "], destination: " + dir.resolve("dest") + ", catch_up: false}\n");
      assertTrue(reload.reload());
      assertTrue(w.scheduler().names().contains("backup:nightly"), w.scheduler().names().toString());
      String page = Http.get(w.metricsPort(), "/", null).body();
      assertTrue(page.contains("nightly"), page);

      // commands: and cleanup: entries are jobs like the others: a reload keeps and adds them.
      Files.createDirectories(dir.resolve("scratch"));
      String chores = "commands:\n  - {name: hello, schedule: '0 5 * * *', command: [/bin/true], catch_up: false}\n"
          + "cleanup:\n  - {name: scratch, schedule: '0 6 * * *', paths: ['" + dir.resolve("scratch") + "/*'], older_than: 7d, catch_up: false}\n";
      Files.writeString(file, Files.readString(file) + chores);
      assertTrue(reload.reload());
      assertTrue(w.scheduler().names().containsAll(List.of("command:hello", "cleanup:scratch", "backup:nightly", "logs:a")),
          w.scheduler().names().toString());
      names = w.scheduler().names();

      Files.writeString(file, "logs:\n  - {path: /var/log/x.log, keep: many}\n");
      assertFalse(reload.reload());
      assertEquals(names, w.scheduler().names(), "the running jobs are kept");
      assertEquals(2, reload.current().config().logs().size());
      assertEquals(1, reload.current().config().backups().size());
    }
  }

  /** The real process: SIGHUP reloads (it used to end the JVM); a broken file is logged and the old kept. */
  @Test
  void sighupReloadsTheRunningWorker() throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), config("a@2", "127.0.0.1:0"));
    try (ChildJvm p = ChildJvm.start(Main.class, "run", "--config", file.toString())) {
      p.await("SIGHUP (systemctl reload) reloads the configuration");
      Files.writeString(file, config("a@2,b@5", "127.0.0.1:0"));
      p.hangup();
      p.await("reload: logs: added b");
      p.await("is in effect; jobs added: [logs:b]");
      assertTrue(p.isAlive(), "SIGHUP must not end the worker");

      Files.writeString(file, "logs:\n  - {path: /var/log/x.log, keep: many}\n");
      p.hangup();
      p.await("has 1 problem; the running configuration is kept");
      p.await("logs[0].keep: line 2: expected a whole number");
      assertTrue(p.isAlive());
    }
  }
}
