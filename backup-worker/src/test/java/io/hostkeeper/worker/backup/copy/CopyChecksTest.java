package io.hostkeeper.worker.backup.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.testing.RealStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config on copies: identity file missing or readable by others, known_hosts without the host (plain or hashed). */
class CopyChecksTest {
  @TempDir Path dir;
  Path key;
  String hostLine;

  @BeforeEach
  void keys() throws Exception {
    Path keygen = RealStack.require("openssh-client", "ssh-keygen");
    key = dir.resolve("id_ed25519");
    run(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
    Path host = dir.resolve("host");
    run(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", host.toString());
    String[] p = Files.readString(Path.of(host + ".pub")).split(" ");
    hostLine = p[0] + " " + p[1];
  }

  static void run(String... argv) throws Exception {
    Process pr = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(pr.getInputStream().readAllBytes());
    assertTrue(pr.waitFor(30, TimeUnit.SECONDS) && pr.exitValue() == 0, out);
  }

  LoadedConfig load(Path identity, Path knownHosts, int port) {
    return ConfigLoader.parse(String.join("\n",
        "backups:",
        "  - name: app",
        "    schedule: \"@daily\"",
        "    sources: [{path: /srv}]",
        "    recipients: [/etc/hk/pub.asc]",
        "    destination: " + dir.resolve("dest"),
        "    copies:",
        "      - name: nas",
        "        sftp:",
        "          host: nas.lan",
        "          port: " + port,
        "          user: backup",
        "          path: backups/app",
        "          identity_file: " + identity,
        "          known_hosts: " + knownHosts,
        ""), "t.yml");
  }

  static List<String> copyErrors(LoadedConfig loaded) {
    return CopyChecks.check(loaded, 0, loaded.config().backups().get(0)).stream().map(ConfigError::toString).toList();
  }

  @Test
  void aGoodSetupHasNoErrorPlainOrHashed() throws Exception {
    Path kh = Files.writeString(dir.resolve("known_hosts"), "[nas.lan]:2222 " + hostLine + "\n");
    assertEquals(List.of(), copyErrors(load(key, kh, 2222)));
    run(RealStack.require("openssh-client", "ssh-keygen").toString(), "-H", "-f", kh.toString());
    assertTrue(Files.readString(kh).startsWith("|1|"), "hashed");
    assertEquals(List.of(), copyErrors(load(key, kh, 2222)));
    assertEquals(1, copyErrors(load(key, kh, 22)).size(), "port 22 is another entry");
  }

  @Test
  void aMissingIdentityFileIsNamedWithItsPathAndLine() throws Exception {
    Path kh = Files.writeString(dir.resolve("known_hosts"), "nas.lan " + hostLine + "\n");
    List<String> errors = copyErrors(load(dir.resolve("nope"), kh, 22));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("backups[0].copies[0].sftp.identity_file") && errors.get(0).contains("line 14")
        && errors.get(0).contains("does not exist"), errors.get(0));
  }

  @Test
  void anIdentityReadableByOthersIsRefused() throws Exception {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Path kh = Files.writeString(dir.resolve("known_hosts"), "nas.lan " + hostLine + "\n");
    List<String> errors = copyErrors(load(key, kh, 22));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("chmod 600"), errors.get(0));
  }

  @Test
  void aKnownHostsFileWithoutTheHostIsNamed() throws Exception {
    Path kh = Files.writeString(dir.resolve("known_hosts"), "other.lan " + hostLine + "\n@revoked nas.lan " + hostLine + "\n");
    List<String> errors = copyErrors(load(key, kh, 22));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("backups[0].copies[0].sftp.known_hosts") && errors.get(0).contains("line 15")
        && errors.get(0).contains("ssh-keyscan"), errors.get(0));
    List<String> missing = copyErrors(load(key, dir.resolve("absent"), 22));
    assertTrue(missing.get(0).contains("does not exist"), missing.toString());
  }
}
