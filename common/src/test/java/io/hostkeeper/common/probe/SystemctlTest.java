package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.ConfigViolation;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.SystemdCheck;
import io.hostkeeper.common.testing.FakeSystemctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemctlTest {

  static final String CAPTURE = String.join("\n",
      "Result=success", "NRestarts=0", "Id=nginx.service", "LoadState=loaded", "ActiveState=active", "SubState=running", "",
      "Result=exit-code", "NRestarts=5", "Id=web.service", "LoadState=loaded", "ActiveState=failed", "SubState=failed", "",
      "Result=success", "Id=apt-daily.timer", "LoadState=loaded", "ActiveState=active", "SubState=waiting", "",
      "Result=success", "NRestarts=0", "Id=gone.service", "LoadState=not-found", "ActiveState=inactive", "SubState=dead", "");

  @Test
  void parsesBlocksInOrder() {
    Map<String, UnitStatus> units = SystemctlShowParser.parse(List.of("nginx", "web.service", "apt-daily.timer", "gone.service"), CAPTURE);
    assertEquals(new UnitStatus("nginx", "nginx.service", "loaded", "active", "running", "success", OptionalLong.of(0)), units.get("nginx"));
    UnitStatus web = units.get("web.service");
    assertFalse(web.up());
    assertEquals(OptionalLong.of(5), web.restarts());
    assertEquals("unit web.service is failed (failed, result exit-code)", web.reason());
    assertTrue(units.get("apt-daily.timer").restarts().isEmpty());
    assertTrue(units.get("apt-daily.timer").up());
    assertEquals("unit gone.service not found (LoadState=not-found)", units.get("gone.service").reason());
  }

  @Test
  void parserTable() {
    assertEquals(List.of(), SystemctlShowParser.blocks(""));
    assertEquals(List.of(Map.of("A", "1")), SystemctlShowParser.blocks("\n\nA=1\n\n\n"));
    assertEquals(List.of(Map.of("ExecStart", "{ path=/bin/x ; argv[]=/bin/x a=b }")),
        SystemctlShowParser.blocks("ExecStart={ path=/bin/x ; argv[]=/bin/x a=b }\r\n"));
    assertEquals(2, SystemctlShowParser.blocks("A=1\n\nA=2").size());
    assertThrows(IllegalArgumentException.class, () -> SystemctlShowParser.parse(List.of("a", "b"), "Id=a\n"));
    UnitStatus odd = SystemctlShowParser.parse(List.of("x"), "NRestarts=[not set]\nActiveState=activating\nSubState=start\n").get("x");
    assertTrue(odd.restarts().isEmpty());
    assertEquals("unit x is activating (start)", odd.reason());
  }

  @Test
  void oneBatchedCallForManyUnits(@TempDir Path dir) {
    FakeSystemctl fake = FakeSystemctl.install(dir);
    Systemctl systemctl = new Systemctl(fake.program(), Duration.ofMillis(200));
    Systemctl.Batch b = systemctl.show(List.of("nginx.service", "web.service", "worker", "cups.service", "postgresql.service",
        "bluetooth.service", "nosuch.service", "nginx.service"), Duration.ofSeconds(10));
    assertFalse(b.failed(), b.error());
    assertEquals(1, fake.calls().size());
    assertEquals("show --no-pager --property=" + Systemctl.PROPERTIES + " -- nginx.service web.service worker cups.service "
        + "postgresql.service bluetooth.service nosuch.service", fake.calls().get(0));
    assertEquals("activating", b.units().get("worker").activeState());
    assertEquals("worker.service", b.units().get("worker").id());
    assertEquals("unit bluetooth.service is masked", b.units().get("bluetooth.service").reason());
    assertEquals("not-found", b.units().get("nosuch.service").loadState());
    assertEquals("deactivating", b.units().get("postgresql.service").activeState());
  }

  @Test
  void failuresAreReasons(@TempDir Path dir) {
    FakeSystemctl fake = FakeSystemctl.install(dir);
    Systemctl systemctl = new Systemctl(fake.program(), Duration.ofMillis(200));
    fake.broken(true);
    Systemctl.Batch b = systemctl.show(List.of("nginx.service"), Duration.ofSeconds(10));
    assertTrue(b.failed());
    assertEquals(fake.program() + " show exited with status 1: Failed to connect to bus: Host is down", b.error());
    fake.broken(false);
    fake.hang(true);
    b = systemctl.show(List.of("nginx.service"), Duration.ofMillis(300));
    assertEquals(fake.program() + " show timed out after 300ms", b.error());
    Systemctl missing = new Systemctl(dir.resolve("nope/systemctl").toString(), Duration.ZERO);
    assertEquals("command not found: " + dir.resolve("nope/systemctl") + " (set exporter.paths.systemctl)",
        missing.show(List.of("a.service"), Duration.ofSeconds(5)).error());
  }

  @Test
  void systemdProbeChecksOneUnit(@TempDir Path dir) {
    FakeSystemctl fake = FakeSystemctl.install(dir);
    ProbeSettings settings = ProbeSettings.defaults().withSystemctl(fake.program());
    ServiceProbe nginx = ServiceProbes.create(new ServiceConfig("proxy", new ServiceCheck(null, null, new SystemdCheck("nginx.service"),
        null, null, null), null), settings);
    assertTrue(nginx.check().up());
    ProbeResult web = ServiceProbes.create(new ServiceConfig("web", new ServiceCheck(null, null, new SystemdCheck("web.service"),
        null, null, null), null), settings).check();
    assertFalse(web.up());
    assertEquals("unit web.service is failed (failed, result exit-code)", web.reason());
  }

  @Test
  void unitNamesAreValidated() {
    assertThrows(ConfigViolation.class, () -> new SystemdCheck("--all"));
    assertThrows(ConfigViolation.class, () -> new SystemdCheck("web service"));
    new SystemdCheck("getty@tty1.service");
    new SystemdCheck("dev-disk-by\\x2duuid-1234.device");
  }
}
