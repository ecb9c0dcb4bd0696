package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.SftpConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.backup.copy.CopyFailure;
import io.hostkeeper.worker.backup.copy.CopyMetrics;
import io.hostkeeper.worker.backup.copy.CopyRun;
import io.hostkeeper.worker.backup.copy.CopyState;
import io.hostkeeper.worker.backup.copy.SftpCopyTarget;
import io.hostkeeper.worker.testing.Sshd;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies to a real OpenSSH server started by the test, fetched back with stock sftp and opened with stock gpg. */
class SftpCopyTest {
  @TempDir static Path shared;
  static Sshd sshd;

  @TempDir Path dir;

  @BeforeAll
  static void startSshd() throws Exception {
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    sshd = Sshd.start(shared.resolve("sshd"));
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) sshd.close();
  }

  static CopyConfig copy(String user, Path remote, Path knownHosts, String fingerprint, CopyConfig.Verify verify) {
    return new CopyConfig("nas", new SftpConfig("127.0.0.1", sshd.port, user, remote.toString(), sshd.clientKey, knownHosts,
        fingerprint), null, verify, Duration.ofSeconds(20));
  }

  static BackupConfig withCopy(BackupConfig b, CopyConfig c) {
    return new BackupConfig(b.name(), b.schedule(), b.sources(), b.recipients(), b.destination(), b.compression(),
        b.compressionLevel(), b.retention(), b.onUnreadable(), b.timeZone(), b.catchUp(), List.of(c), null);
  }

  record Setup(BackupConfig config, BackupCatalogue catalogue, CopyState state, CopyMetrics metrics, PrometheusRegistry registry) {
    CopyRun run() {
      return new CopyRun(config, catalogue, state, metrics, Clock.systemUTC(), SftpCopyTarget::connect);
    }

    BackupRunner.Result backup(Path data) throws Exception {
      return new BackupRunner(config, catalogue, data, Clock.systemUTC(), null, null).run();
    }
  }

  Setup setup(Path pub, Path src, CopyConfig c) {
    var catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
    BackupConfig b = withCopy(TestBackups.config("app", List.of(TestBackups.path(src)), List.of(pub), dir.resolve("dest"), null), c);
    CopyState state = new CopyState(TestBackups.stateDb(dir));
    PrometheusRegistry registry = new PrometheusRegistry();
    return new Setup(b, catalogue, state, CopyMetrics.register(registry, state, List.of(b)), registry);
  }

  static double value(PrometheusRegistry registry, String name, String reason) {
    for (var s : registry.scrape()) {
      if (!s.getMetadata().getPrometheusName().equals(name.replace("_total", ""))
          && !s.getMetadata().getName().equals(name)) continue;
      for (var p : s.getDataPoints()) {
        if (reason != null && !reason.equals(p.getLabels().get("reason"))) continue;
        if (p instanceof io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot g) return g.getValue();
        if (p instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c) return c.getValue();
      }
    }
    return Double.NaN;
  }

  @Test
  void roundTripThroughStockSftpAndGpg() throws Exception {
    Path sftpBin = RealStack.require("openssh-client", "sftp");
    try (Gpg gpg = new Gpg(dir.resolve("gpg"))) {
      String fpr = gpg.generate("Copy <copy@example.org>", "ed25519", "cv25519");
      Path pub = gpg.exportPublic(fpr, dir.resolve("pub.asc"));
      Path src = Trees.build(dir.resolve("src"));
      Path remote = sshd.dir.resolve("remote-roundtrip/app");
      Setup s = setup(pub, src, copy("root", remote, sshd.knownHosts, null, CopyConfig.Verify.FULL));
      BackupRunner.Result r = s.backup(dir.resolve("data"));
      CopyRun.Outcome o = s.run().syncAll(false).get(0);
      assertTrue(o.ok(), () -> o.failure().getMessage());
      assertEquals(List.of(r.archive().fileName()), o.report().uploaded());
      assertEquals(r.archive().sizeBytes(), value(s.registry(), "hostkeeper_backup_copy_bytes_total", null));
      assertEquals(1.0, value(s.registry(), "hostkeeper_backup_copy_archives", null));
      assertTrue(value(s.registry(), "hostkeeper_backup_copy_last_success_timestamp_seconds", null) > 0);

      // fetch with stock sftp, as a user restoring from the laptop would
      Path fetched = dir.resolve("fetched.gpg");
      Path batch = Files.writeString(dir.resolve("batch"), "get " + remote.resolve(r.archive().fileName()) + " " + fetched + "\n");
      Process p = new ProcessBuilder(sftpBin.toString(), "-b", batch.toString(), "-i", sshd.clientKey.toString(),
          "-o", "UserKnownHostsFile=" + sshd.knownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
          "-P", Integer.toString(sshd.port), "root@127.0.0.1").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
      assertArrayEquals(Files.readAllBytes(r.archive().path()), Files.readAllBytes(fetched), "remote copy byte for byte");
      Path plain = dir.resolve("plain.tar.zst");
      gpg.ok(plain, "--decrypt", fetched.toString());
      assertEquals(r.manifest().plaintext().sha256(), sha256(plain), "stock gpg decrypts the remote copy");
      assertTrue(Files.exists(remote.resolve(r.archive().fileName() + ".manifest.json")), "side manifest beside it");
      try (var files = Files.list(remote)) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".hk-part-")));
      }
      // a second run has nothing to do
      assertTrue(s.run().syncAll(false).get(0).report().uploaded().isEmpty());
    }
  }

  @Test
  void sshdKilledMidUploadThenTheNextRunCompletes() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Files.createDirectories(dir.resolve("src"));
    byte[] noise = new byte[24 * 1024 * 1024];
    new SecureRandom().nextBytes(noise);
    Files.write(src.resolve("noise.bin"), noise);
    Path remote = sshd.dir.resolve("remote-kill/app");
    Setup s = setup(keys.publicKey(), src, copy("root", remote, sshd.knownHosts, null, CopyConfig.Verify.SIZE));
    BackupRunner.Result r = s.backup(dir.resolve("data"));
    String name = r.archive().fileName();

    AtomicBoolean killed = new AtomicBoolean();
    CopyState state = s.state();
    CopyMetrics killer = s.metrics();
    CopyRun run = new CopyRun(s.config(), s.catalogue(), state, killer, Clock.systemUTC(), c -> {
      var t = SftpCopyTarget.connect(c);
      return new KillingTarget(t, 2 * 1024 * 1024, () -> {
        try {
          sshd.kill();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        killed.set(true);
      });
    });
    CopyRun.Outcome failed = run.syncAll(false).get(0);
    assertTrue(killed.get());
    assertNotNull(failed.failure(), "the copy fails");
    assertFalse(Files.exists(remote.resolve(name)), "nothing under the archive's name");
    assertTrue(value(s.registry(), "hostkeeper_backup_copy_failures_total", failed.failure().reason().label()) >= 1);
    assertTrue(Files.isRegularFile(r.archive().path()), "the local backup is untouched");

    sshd.startProcess();
    CopyRun.Outcome ok = s.run().syncAll(false).get(0);
    assertTrue(ok.ok(), () -> ok.failure().getMessage());
    assertEquals(List.of(name), ok.report().uploaded());
    assertEquals(1, ok.report().leftovers().size(), "the interrupted upload's leftover is removed");
    assertArrayEquals(Files.readAllBytes(r.archive().path()), Files.readAllBytes(remote.resolve(name)));
    try (var files = Files.list(remote)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".hk-part-")));
    }
  }

  @Test
  void aWrongHostKeyIsRefusedWithItsFingerprintAndNothingIsUploaded() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    Path otherKey = dir.resolve("other");
    new ProcessBuilder(RealStack.require("openssh-client", "ssh-keygen").toString(), "-q", "-t", "ed25519", "-N", "", "-f",
        otherKey.toString()).start().waitFor(30, TimeUnit.SECONDS);
    String[] other = Files.readString(Path.of(otherKey + ".pub")).split(" ");
    Path wrongKnownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + sshd.port + " " + other[0] + " " + other[1] + "\n");
    Path remote = sshd.dir.resolve("remote-hostkey/app");
    for (CopyConfig c : List.of(copy("root", remote, wrongKnownHosts, null, CopyConfig.Verify.SIZE),
        copy("root", remote, null, "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", CopyConfig.Verify.SIZE),
        copy("root", remote, Files.writeString(dir.resolve("empty_known_hosts"), ""), null, CopyConfig.Verify.SIZE))) {
      Setup s = setup(keys.publicKey(), src, c);
      s.backup(dir.resolve("data"));
      CopyRun.Outcome o = s.run().syncAll(false).get(0);
      assertNotNull(o.failure());
      assertEquals(CopyFailure.Reason.HOST_KEY, o.failure().reason());
      assertTrue(o.failure().getMessage().contains(sshd.hostFingerprint), o.failure().getMessage());
      assertEquals(1.0, value(s.registry(), "hostkeeper_backup_copy_failures_total", "host_key"));
      assertFalse(Files.exists(remote), "nothing uploaded, not even the directory");
    }
  }

  @Test
  void aRemotePathThatIsNotWritableFailsTheCopyOnly() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    Path remote = Files.createDirectories(sshd.dir.resolve("remote-readonly"));
    Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("rwxr-xr-x")); // root's; nobody may not write
    Setup s = setup(keys.publicKey(), src, copy("nobody", remote, sshd.knownHosts, null, CopyConfig.Verify.SIZE));
    BackupRunner.Result r = s.backup(dir.resolve("data"));
    CopyRun.Outcome o = s.run().syncAll(false).get(0);
    assertNotNull(o.failure(), "the copy fails");
    assertEquals(CopyFailure.Reason.PERMISSION, o.failure().reason(), o.failure().getMessage());
    assertTrue(Files.isRegularFile(r.archive().path()), "the local archive stays");
    try (var files = Files.list(remote)) {
      assertEquals(0, files.count());
    }
    assertEquals(1.0, value(s.registry(), "hostkeeper_backup_copy_failures_total", "permission"));
  }

  static String sha256(Path p) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
