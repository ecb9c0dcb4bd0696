package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/jvm/hostkeeper-java, as the systemd units, the images and run.sh start the jars: the
 * first run writes a class-data archive when it stops, the next start checks it and maps it, a
 * rebuilt jar gets a new one, a broken one is made again, and a directory another user could write
 * to is never used. The real exporter jar, started and stopped (SIGTERM) as systemd does.
 */
class ClassDataArchiveTest {
  private static final Path LAUNCHER = Repo.path("packaging", "jvm", "hostkeeper-java");

  @TempDir Path tmp;
  private Path jar;
  private Path cds;

  @BeforeEach
  void copyTheJar() throws IOException {
    Path built = Path.of(System.getProperty("hostkeeper.exporterJar", Repo.path("exporter", "target", "hostkeeper-exporter.jar").toString()));
    assertTrue(Files.isRegularFile(built), "no exporter jar at " + built + ": run the build (./mvnw verify) first");
    jar = Files.copy(built, tmp.resolve("hostkeeper-exporter.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    cds = Files.createDirectory(tmp.resolve("cds"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @Test
  void theFirstRunWritesTheArchiveWhenItStopsAndTheNextStartMapsIt() throws Exception {
    Started first = start("first");
    assertEquals(List.of(), first.mappedArchives(), "no archive yet");
    first.stop();
    List<String> written = names();
    assertEquals(1, written.size(), written.toString());
    assertTrue(written.get(0).matches("hostkeeper-exporter-\\d+\\.jsa\\.new"), written.toString());

    Started second = start("second");
    String archive = written.get(0).replace(".jsa.new", ".jsa");
    assertEquals(List.of(cds.toRealPath().resolve(archive).toString()), second.mappedArchives());
    second.stop();
    assertEquals(List.of(archive), names(), "checked, renamed, and nothing new written");
  }

  @Test
  void aRebuiltJarGetsANewArchiveAndTheOldOneIsRemoved() throws Exception {
    start("first").stop();
    start("second").stop();
    List<String> old = names();
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

    Started rebuilt = start("rebuilt");
    assertEquals(List.of(), rebuilt.mappedArchives(), "the old jar's archive is not used");
    rebuilt.stop();
    List<String> now = names();
    assertEquals(1, now.size(), now.toString());
    assertTrue(now.get(0).endsWith(".jsa.new"), now.toString());
    assertNotEquals(old.get(0).replace(".jsa", ""), now.get(0).replace(".jsa.new", ""), "a new key");
  }

  @Test
  void anArchiveTheJvmRefusesIsMadeAgain() throws Exception {
    start("first").stop();
    Path written = cds.resolve(names().get(0));
    byte[] bytes = Files.readAllBytes(written);
    Files.write(written, java.util.Arrays.copyOf(bytes, 100_000)); // cut short, as by a crash while it was written

    Started next = start("next");
    assertEquals(List.of(), next.mappedArchives());
    next.stop();
    assertTrue(next.output().contains("the JVM refused the archive written by the last run"), next.output());
    assertEquals(List.of(written.getFileName().toString()), names());
    assertTrue(Files.size(written) > bytes.length / 2, "written again in full");
  }

  @Test
  void aDirectoryOthersMayWriteToIsNeverUsed() throws Exception {
    Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwxrwxrwx"));
    Started open = start("group and others may write");
    open.stop();
    assertTrue(open.output().contains("must belong to uid") && open.output().contains("starting without a class-data archive"),
        open.output());
    assertEquals(List.of(), names());

    Files.setPosixFilePermissions(cds, PosixFilePermissions.fromString("rwx------"));
    Path parent = cds.getParent();
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
    try {
      Started replaceable = start("a parent others may write");
      replaceable.stop();
      assertTrue(replaceable.output().contains("may be changed by another user"), replaceable.output());
      assertEquals(List.of(), names());
    } finally {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** The archive files in the directory, by name. */
  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(cds)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Started start(String name) throws IOException {
    int port = Poll.freePort();
    Path config = Files.writeString(tmp.resolve("exporter.yml"), "exporter: {listen: \"127.0.0.1:" + port + "\"}\n");
    Path log = tmp.resolve(name.replace(' ', '-') + ".log");
    List<String> argv = List.of("sh", LAUNCHER.toString(), cds.toString(),
        "@" + Repo.path("packaging", "jvm", "exporter.args"), "-jar", jar.toString(), "--config", config.toString());
    String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ChildProcess p = ChildProcess.start(name, argv, tmp, log, java.util.Map.of("JAVA", launcher));
    String url = "http://127.0.0.1:" + port + "/metrics";
    Poll.until(Duration.ofSeconds(60), "the exporter started by hostkeeper-java answers",
        () -> p.alive() && Json.get(url).statusCode() == 200 ? Optional.of(true) : Optional.empty(), p::tail);
    return new Started(p, log);
  }

  /** A running exporter; {@link #stop} sends SIGTERM, as systemd does, and waits for the JVM to exit. */
  private record Started(ChildProcess process, Path log) {
    /** The class-data archives under the test's directory that the JVM has mapped. */
    List<String> mappedArchives() throws IOException {
      String maps = Files.readString(Path.of("/proc", Long.toString(process.pid()), "maps"));
      return maps.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.endsWith(".jsa"))
          .filter(f -> !f.endsWith("/classes.jsa") && !f.endsWith("/classes_nocoops.jsa")).distinct().toList();
    }

    void stop() {
      process.close();
      assertFalse(process.alive(), "stopped");
    }

    String output() throws IOException {
      return Files.readString(log);
    }
  }
}
