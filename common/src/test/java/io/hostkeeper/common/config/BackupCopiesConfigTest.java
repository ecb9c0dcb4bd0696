package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** backups[].copies[] and backups[].check bind, and their mistakes name the YAML path. */
class BackupCopiesConfigTest {
  static String yaml(String... sftpLines) {
    StringBuilder b = new StringBuilder(String.join("\n",
        "backups:",
        "  - name: app",
        "    schedule: \"@daily\"",
        "    sources: [{path: /srv}]",
        "    recipients: [/etc/hk/pub.asc]",
        "    destination: /var/backups",
        "    check: {schedule: \"@weekly\", remote: true}",
        "    copies:",
        "      - name: laptop",
        "        retention: {keep_daily: 30}",
        "        sftp:",
        ""));
    for (String l : sftpLines) b.append("          ").append(l).append('\n');
    return b.toString();
  }

  static final String[] GOOD = {"host: laptop.lan", "user: backup", "path: backups/app",
      "identity_file: /etc/hk/id_ed25519", "known_hosts: /etc/hk/known_hosts"};

  @Test
  void binds() {
    BackupConfig b = ConfigLoader.parse(yaml(GOOD), "t.yml").config().backups().get(0);
    CopyConfig c = b.copies().get(0);
    assertEquals("laptop", c.name());
    assertEquals(22, c.sftp().port());
    assertEquals(CopyConfig.Verify.SIZE, c.verify());
    assertEquals(30, c.retention().keepDaily());
    assertNull(c.sftp().hostKeyFingerprint());
    assertTrue(b.check().remote());
    assertEquals("backup@laptop.lan:22", c.sftp().address());
  }

  @Test
  void noCheckAndNoCopiesByDefault() {
    BackupConfig b = ConfigLoader.parse(BackupCompressionLevelTest.yaml("zstd", "3"), "t.yml").config().backups().get(0);
    assertTrue(b.copies().isEmpty());
    assertNull(b.check());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "host: 'laptop lan'                    | backups[0].copies[0].sftp.host | not a host name",
      "host: -oProxyCommand=x                | backups[0].copies[0].sftp.host | not a host name",
      "port: 0                               | backups[0].copies[0].sftp.port | must be 1-65535",
      "port: 70000                           | backups[0].copies[0].sftp.port | must be 1-65535",
      "host_key_fingerprint: SHA256:abc      | backups[0].copies[0].sftp      | exactly one of known_hosts",
      "password: hunter2                     | backups[0].copies[0].sftp.password | unknown key",
  })
  void refused(String extra, String path, String message) {
    String[] lines = new String[GOOD.length + 1];
    int n = 0;
    String key = extra.substring(0, extra.indexOf(':'));
    for (String g : GOOD) if (!g.startsWith(key + ":")) lines[n++] = g;
    lines[n++] = extra;
    String text = yaml(java.util.Arrays.copyOf(lines, n));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, "t.yml"));
    String shown = e.errors().toString();
    assertTrue(shown.contains(path) && shown.contains(message) && shown.contains("line "), shown);
  }

  @Test
  void pinnedFingerprintInsteadOfKnownHosts() {
    CopyConfig c = ConfigLoader.parse(yaml("host: 192.168.1.5", "user: backup", "path: /srv/b",
        "identity_file: /etc/hk/id", "host_key_fingerprint: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"),
        "t.yml").config().backups().get(0).copies().get(0);
    assertEquals("192.168.1.5", c.sftp().host());
  }

  @Test
  void malformedFingerprintIsNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml("host: h", "user: u",
        "path: p", "identity_file: /i", "host_key_fingerprint: MD5:aa:bb"), "t.yml"));
    assertTrue(e.errors().toString().contains("backups[0].copies[0].sftp.host_key_fingerprint"), e.errors().toString());
  }
}
