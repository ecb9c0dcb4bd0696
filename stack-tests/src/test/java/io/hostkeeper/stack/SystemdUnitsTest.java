package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * packaging/systemd units: accepted by systemd-analyze without a single warning, and hardened
 * (the exporter with its web-config drop-in beside it, as systemd reads it, and without).
 */
class SystemdUnitsTest {
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @org.junit.jupiter.api.Test
  void theExporterVerifiesCleanWithoutItsWebConfigDropInAndTheDropInHandsOverTheFiles() throws Exception {
    var analyze = RealStack.require("systemd", "systemd-analyze");
    var unit = dir.resolve("hostkeeper-exporter.service");
    java.nio.file.Files.copy(Repo.path("packaging", "systemd", "hostkeeper-exporter.service"), unit);
    Run.Result r = Run.run(dir, List.of(analyze.toString(), "verify", unit.toString()));
    assertTrue(r.ok(), r.output());
    assertEquals("", r.output().strip(), "no warnings");
    String dropIn = Repo.read(Repo.path("packaging", "systemd", "hostkeeper-exporter.service.d", "web-config.conf"));
    for (String d : List.of("LoadCredential=web-config.yml:/etc/hostkeeper/tls/web-config.yml",
        "LoadCredential=server.key:/etc/hostkeeper/tls/server.key", "ExecStart=\n", "ExecStartPre=\n")) {
      assertTrue(dropIn.contains("\n" + d), "web-config.conf lacks " + d);
    }
    assertEquals(2, dropIn.split("--web.config.file %d/web-config.yml", -1).length - 1, "check-config and the start both take it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hostkeeper-exporter.service", "hostkeeper-worker.service", "hostkeeper-alertmanager-ha.service",
      "hostkeeper-prometheus-agent.service", "hostkeeper-single.service"})
  void unitVerifiesCleanAndIsHardened(String unit) {
    var file = Repo.path("packaging", "systemd", unit);
    var analyze = RealStack.require("systemd", "systemd-analyze");
    Run.Result r = Run.run(Repo.root(), List.of(analyze.toString(), "verify", file.toString()));
    assertTrue(r.ok(), r.output());
    assertEquals("", r.output().strip(), "no warnings");
    String text = Repo.read(file);
    for (String d : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "PrivateDevices=yes",
        "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectControlGroups=yes", "RestrictNamespaces=yes",
        "SystemCallFilter=@system-service", "LockPersonality=yes", "RestrictSUIDSGID=yes", "CapabilityBoundingSet=",
        "ExecReload=/bin/kill -HUP $MAINPID")) {
      assertTrue(text.contains("\n" + d), unit + " lacks " + d);
    }
  }

  /** Each jar starts through hostkeeper-java with a cache directory of its own that systemd makes, mode 0700. */
  @ParameterizedTest
  @ValueSource(strings = {"hostkeeper-exporter.service", "hostkeeper-worker.service", "hostkeeper-single.service"})
  void theJarsStartWithTheirClassDataArchiveInAPrivateCacheDirectory(String unit) {
    String text = Repo.read(Repo.path("packaging", "systemd", unit));
    String cache = unit.equals("hostkeeper-exporter.service") ? "hostkeeper-exporter" : "hostkeeper";
    assertTrue(text.contains("\nExecStart=/bin/sh /opt/hostkeeper/hostkeeper-java %C/" + cache + " @/opt/hostkeeper/"), text);
    assertTrue(text.contains("\nCacheDirectory=" + cache + "\nCacheDirectoryMode=0700\n"), text);
    assertTrue(text.contains("install -m 0755 packaging/jvm/hostkeeper-java /opt/hostkeeper/"), "the install steps copy the launcher");
  }

  /** The single process replaces both units: it must never run beside them on the same ports and data directory. */
  @org.junit.jupiter.api.Test
  void singleProcessUnitConflictsWithTheTwoAndUsesItsFlags() {
    String text = Repo.read(Repo.path("packaging", "systemd", "hostkeeper-single.service"));
    assertTrue(text.contains("\nConflicts=hostkeeper-exporter.service hostkeeper-worker.service\n"), text);
    assertTrue(text.contains("hostkeeper-java %C/hostkeeper @/opt/hostkeeper/single.args -jar /opt/hostkeeper/hostkeeper-single.jar"), text);
    assertTrue(java.nio.file.Files.isRegularFile(Repo.path("packaging", "jvm", "single.args")));
  }
}
