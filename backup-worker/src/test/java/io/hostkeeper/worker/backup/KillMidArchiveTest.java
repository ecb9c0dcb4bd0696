package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real child JVM writing an archive is killed with SIGKILL at several points. Afterwards: no
 * catalogue entry, the earlier archive intact, and the next run removes the leftover and succeeds.
 */
class KillMidArchiveTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {"start", "middle", "end"})
  void killNineLeavesNoCatalogueEntryAndNextRunCleansUp(String point) throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    Path dest = dir.resolve("dest");
    Path data = dir.resolve("data");
    Files.createDirectories(data);

    assertEquals("DONE", runChild(data, src, keys, dest, "none").split(" ")[0], "a first, complete archive");
    var catalogue = new BackupCatalogue(TestBackups.stateDb(data));
    var first = catalogue.list("app");
    assertEquals(1, first.size());
    String firstHash = GpgInteropTest.sha256(first.get(0).path());

    assertEquals("AT " + point, runChild(data, src, keys, dest, point));

    assertEquals(1, catalogue.count("app"), "no catalogue entry for the killed run");
    assertEquals(firstHash, GpgInteropTest.sha256(first.get(0).path()), "earlier archive untouched");
    List<String> leftovers = tempFiles(dest);
    assertEquals(1, leftovers.size(), "the killed run left its temporary file: " + leftovers);

    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    var r = new BackupRunner(config, catalogue, data.resolve("tmp"), Clock.systemUTC(), null, null).run();
    assertEquals(1, r.leftoversRemoved());
    assertEquals(List.of(), tempFiles(dest));
    assertEquals(2, catalogue.count("app"));
  }

  private static List<String> tempFiles(Path dest) throws Exception {
    try (Stream<Path> s = Files.list(dest)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".hk-tmp-")).toList();
    }
  }

  /** Runs the child until it prints DONE or AT point; kills it with SIGKILL in the second case. */
  private static String runChild(Path data, Path src, TestKeys keys, Path dest, String point) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), BackupChild.class.getName(),
        data.toString(), src.toString(), keys.publicKey().toString(), dest.toString(), point));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("AT ")) {
          p.destroyForcibly(); // SIGKILL
          assertTrue(p.waitFor(60, TimeUnit.SECONDS));
          assertEquals(137, p.exitValue(), "killed by SIGKILL");
          return line;
        }
        if (line.startsWith("DONE")) {
          assertTrue(p.waitFor(60, TimeUnit.SECONDS));
          return line;
        }
      }
    } finally {
      if (p.isAlive()) p.destroyForcibly();
    }
    throw new AssertionError("child ended without reaching " + point + ", exit " + p.waitFor());
  }
}
