package io.hostkeeper.worker.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup commands end to end through picocli: exit codes and one-line errors. */
class BackupCliTest {
  @TempDir Path dir;

  BackupCli.Run cli(String... args) {
    return BackupCli.run(args);
  }

  @Test
  void keysBackupListVerifyRestorePrune() throws Exception {
    Path keys = dir.resolve("keys");
    Files.writeString(dir.resolve("pass"), "s3cret phrase\n");
    BackupCli.Run gen = cli("keys", "generate", "--name", "Ops", "--email", "ops@example.org", "--out", keys.toString(),
        "--passphrase-file", dir.resolve("pass").toString());
    assertEquals(0, gen.code(), gen.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("backup-private.asc"))));
    assertEquals(2, cli("keys", "generate", "--name", "Ops", "--out", keys.toString()).code(), "never overwrites a key");

    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "hello");
    Path cfg = Files.writeString(dir.resolve("hk.yml"), String.join("\n",
        "worker:", "  data_dir: " + dir.resolve("data"),
        "backups:", "  - name: demo", "    schedule: \"@daily\"",
        "    sources: [{path: " + src + "}]",
        "    recipients: [" + keys.resolve("backup-public.asc") + "]",
        "    destination: " + dir.resolve("dest"), "    retention: {keep_last: 1}", ""));
    BackupCli.Run run = cli("backup", "run", "demo", "--config", cfg.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("written and verified"), run.out());
    // the run's own duration and CPU (bench/backup/run.sh reads both from this line)
    assertTrue(run.out().matches("(?s).*written and verified \\(.*, \\d+\\.\\d s, \\d+\\.\\d s CPU\\)\\R.*"), run.out());
    BackupCli.Run list = cli("backup", "list", "--config", cfg.toString());
    assertTrue(list.out().contains("demo-"), list.out());
    Path archive;
    try (Stream<Path> s = Files.list(dir.resolve("dest"))) {
      archive = s.filter(p -> p.toString().endsWith(".gpg")).findFirst().orElseThrow();
    }
    String key = keys.resolve("backup-private.asc").toString();
    BackupCli.Run noPass = cli("verify", archive.toString(), "--key", key);
    assertEquals(2, noPass.code());
    assertTrue(noPass.err().contains("--passphrase-file"), noPass.err());
    BackupCli.Run verify = cli("verify", archive.toString(), "--key", key, "--passphrase-file", dir.resolve("pass").toString());
    assertEquals(0, verify.code(), verify.err());
    assertTrue(verify.out().contains("all hashes match"));
    Path to = dir.resolve("to");
    assertEquals(0, cli("restore", archive.toString(), "--key", key, "--passphrase-file", dir.resolve("pass").toString(), "--to", to.toString()).code());
    assertEquals("hello", Files.readString(to.resolve(src.toString().substring(1)).resolve("a.txt")));
    BackupCli.Run again = cli("restore", archive.toString(), "--key", key, "--passphrase-file", dir.resolve("pass").toString(), "--to", to.toString());
    assertEquals(2, again.code());
    assertTrue(again.err().startsWith("hostkeeper-worker: error: ") && again.err().contains("--force"), again.err());
    BackupCli.Run prune = cli("backup", "prune", "demo", "--dry-run", "--config", cfg.toString());
    assertEquals(0, prune.code(), prune.err());
    assertTrue(prune.out().contains("newest"), prune.out());
    BackupCli.Run unknown = cli("backup", "run", "nope", "--config", cfg.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("no backup named 'nope'"), unknown.err());
  }
}
