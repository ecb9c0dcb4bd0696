package io.hostkeeper.exporter.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsDirectoryTest {
  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute("hostkeeper-exporter targets", new TargetsCommand(), new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void addWritesTheShippedFileSdFormatThatListReadsBack() throws Exception {
    Result r = run("add", "web-1", "127.0.0.1:29100", "--worker", "127.0.0.1:29101", "--labels", "site=home,role=web",
        "--dir", dir.toString());
    assertEquals(0, r.exit(), r.err());
    Path file = dir.resolve("web-1.yml");
    assertEquals("""
        # Host web-1, written by hostkeeper-exporter targets add.
        # Prometheus re-reads this file on change; remove it with: hostkeeper-exporter targets remove web-1
        - targets: ["127.0.0.1:29100"]
          labels:
            instance: "web-1"
            host: "web-1"
            role: "web"
            site: "home"
            __role: exporter
        - targets: ["127.0.0.1:29101"]
          labels:
            instance: "web-1"
            host: "web-1"
            role: "web"
            site: "home"
            __role: worker
        """, Files.readString(file));
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(file), "Prometheus must read it");
    assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file left");

    List<TargetFile.Entry> entries = new TargetsDirectory(dir).list();
    assertEquals(2, entries.size());
    assertEquals(new TargetFile.Entry("web-1.yml", "worker", "127.0.0.1:29101",
        Map.of("instance", "web-1", "host", "web-1", "role", "web", "site", "home")), entries.get(1));
    Result list = run("list", "--dir", dir.toString());
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().contains("web-1.yml                exporter  127.0.0.1:29100"), list.out());
  }

  @Test
  void addRefusesToOverwriteUnlessReplace() throws Exception {
    HostTarget a = new HostTarget("pi4", "pi4.lan:29100", Optional.empty(), Map.of());
    TargetsDirectory d = new TargetsDirectory(dir);
    d.add(a, false);
    var e = assertThrows(TargetsDirectory.TargetsException.class, () -> d.add(a, false));
    assertTrue(e.getMessage().contains("already in") && e.getMessage().contains("--replace"), e.getMessage());
    d.add(new HostTarget("pi4", "pi4.lan:29200", Optional.empty(), Map.of()), true);
    assertTrue(Files.readString(dir.resolve("pi4.yml")).contains("pi4.lan:29200"));
  }

  @Test
  void removeDeletesTheFileAndNamesAMissingHost() {
    assertEquals(0, run("add", "pi4", "pi4.lan:29100", "--dir", dir.toString()).exit());
    assertEquals(0, run("remove", "pi4", "--dir", dir.toString()).exit());
    assertFalse(Files.exists(dir.resolve("pi4.yml")));
    Result again = run("remove", "pi4", "--dir", dir.toString());
    assertEquals(Cli.STARTUP_FAILURE, again.exit());
    assertEquals("hostkeeper-exporter targets: error: no host pi4 in " + dir + " (targets list shows the hosts there)",
        again.err().strip());
  }

  @Test
  void userMistakesAreOneLineWithoutAStackTrace() {
    Result r = run("add", "web-1", "http://web-1:29100", "--dir", dir.toString());
    assertEquals(Cli.STARTUP_FAILURE, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("is not a host name or IP address"), r.err());
    Result missing = run("add", "web-1", "web-1:29100", "--dir", dir.resolve("nope").toString());
    assertTrue(missing.err().contains("does not exist (or is a link); pass --dir"), missing.err());
    Result label = run("add", "web-1", "web-1:29100", "--labels", "__role=x", "--dir", dir.toString());
    assertTrue(label.err().contains("reserves"), label.err());
    assertEquals(0, dir.toFile().list().length, "nothing written on a refusal");
  }

  @Test
  void pathTraversalInTheHostNameWritesNothingOutside() {
    Result r = run("add", "../evil", "web-1:29100", "--dir", dir.resolve("targets").toString());
    assertEquals(Cli.STARTUP_FAILURE, r.exit());
    assertFalse(Files.exists(dir.resolve("evil.yml")));
    Result rm = run("remove", "../evil", "--dir", dir.toString());
    assertEquals(Cli.STARTUP_FAILURE, rm.exit());
  }

  @Test
  void aSymlinkPlantedAtTheHostFileIsReplacedNotFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me\n");
    Path targets = Files.createDirectory(dir.resolve("targets"));
    Files.createSymbolicLink(targets.resolve("pi4.yml"), victim);
    new TargetsDirectory(targets).add(new HostTarget("pi4", "pi4.lan:29100", Optional.empty(), Map.of()), true);
    assertEquals("keep me\n", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(targets.resolve("pi4.yml")));
    assertTrue(Files.readString(targets.resolve("pi4.yml")).contains("pi4.lan:29100"));
  }

  @Test
  void aBrokenFileIsNamedByList() throws Exception {
    Files.writeString(dir.resolve("bad.yml"), "targets: [a]\n");
    var e = assertThrows(TargetsDirectory.TargetsException.class, () -> new TargetsDirectory(dir).list());
    assertTrue(e.getMessage().contains("bad.yml: not a list of target groups"), e.getMessage());
  }
}
