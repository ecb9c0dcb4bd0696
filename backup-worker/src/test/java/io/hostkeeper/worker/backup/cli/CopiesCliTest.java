package io.hostkeeper.worker.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.Sshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup copy [--dry-run] and backup copies, against a real sshd. */
class CopiesCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute("hostkeeper-worker", BackupTool.commandLine(), new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static List<String> archives(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".gpg")).sorted().toList();
    }
  }

  @Test
  void copyDryRunPrintsWhatItWouldDeleteAndCopiesListsTheState() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Sshd sshd = Sshd.start(dir.resolve("sshd"))) {
      Path keys = dir.resolve("keys");
      assertEquals(0, cli("keys", "generate", "--name", "Ops", "--out", keys.toString()).code());
      Path src = Files.createDirectories(dir.resolve("src"));
      Files.writeString(src.resolve("a.txt"), "hello");
      Path remote = sshd.dir.resolve("remote/demo");
      Path cfg = Files.writeString(dir.resolve("hk.yml"), String.join("\n",
          "worker:", "  data_dir: " + dir.resolve("data"),
          "backups:", "  - name: demo", "    schedule: \"@daily\"",
          "    sources: [{path: " + src + "}]",
          "    recipients: [" + keys.resolve("backup-public.asc") + "]",
          "    destination: " + dir.resolve("dest"),
          "    copies:",
          "      - name: nas",
          "        retention: {keep_last: 1}",
          "        sftp: {host: 127.0.0.1, port: " + sshd.port + ", user: root, path: " + remote
              + ", identity_file: " + sshd.clientKey + ", known_hosts: " + sshd.knownHosts + "}",
          ""));
      Run never = cli("backup", "copies", "--config", cfg.toString());
      assertTrue(never.out().contains("nas") && never.out().contains("never"), never.out());

      assertEquals(0, cli("backup", "run", "demo", "--config", cfg.toString()).code());
      Run first = cli("backup", "copy", "demo", "--config", cfg.toString());
      assertEquals(0, first.code(), first.err());
      List<String> up = archives(remote);
      assertEquals(1, up.size());
      assertTrue(first.out().contains("uploaded " + up.get(0)), first.out());

      long second = Instant.now().getEpochSecond();
      Poll.until("the next second, for a distinct archive name", () -> Instant.now().getEpochSecond() > second);
      assertEquals(0, cli("backup", "run", "demo", "--config", cfg.toString()).code());
      Run dry = cli("backup", "copy", "demo", "--dry-run", "--config", cfg.toString());
      assertEquals(0, dry.code(), dry.err());
      assertTrue(dry.out().contains("would delete " + up.get(0)) && dry.out().contains("would upload "), dry.out());
      assertEquals(up, archives(remote), "a dry run changes nothing");

      Run real = cli("backup", "copy", "demo", "--config", cfg.toString());
      assertEquals(0, real.code(), real.err());
      assertTrue(real.out().contains("deleted " + up.get(0)), real.out());
      List<String> now = archives(remote);
      assertEquals(1, now.size());
      assertFalse(now.contains(up.get(0)));
      Run listed = cli("backup", "copies", "--config", cfg.toString());
      assertTrue(listed.out().contains("root@127.0.0.1:" + sshd.port) && !listed.out().contains("never"), listed.out());

      Run unknown = cli("backup", "copy", "demo", "--copy", "usb", "--config", cfg.toString());
      assertEquals(2, unknown.code());
      assertTrue(unknown.err().contains("no copy named usb"), unknown.err());
    }
  }
}
