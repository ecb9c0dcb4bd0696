package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/jvm/hostkeeper-java passes packaging/jvm/c2-bulk-data.json to the single process's JVM as
 * compiler directives, and the real JVM reads them: the file parses, stdout (what a command prints)
 * stays clean, the exporter and the worker started alone keep their own flags, and a file others may
 * write to is not used.
 */
class CompilerDirectivesTest {
  private static final String ADDED = "compiler directives added";

  @TempDir Path tmp;

  @Test
  void theSingleProcessReadsTheDirectivesAndItsStdoutStaysClean() throws Exception {
    Output out = version(Repo.path("packaging", "jvm", "hostkeeper-java"), HostkeeperProcess.App.SINGLE);
    assertEquals(0, out.exit, out.toString());
    assertTrue(out.stderr.contains("2 " + ADDED), "the JVM read both directives: " + out);
    assertEquals(1, out.stdout.lines().count(), "only the version on stdout: " + out);
    assertTrue(out.stdout.startsWith("hostkeeper-single "), out.toString());
  }

  @Test
  void theExporterAndTheWorkerKeepTheirOwnCompilerFlags() throws Exception {
    for (HostkeeperProcess.App kind : List.of(HostkeeperProcess.App.EXPORTER, HostkeeperProcess.App.WORKER)) {
      Output out = version(Repo.path("packaging", "jvm", "hostkeeper-java"), kind);
      assertEquals(0, out.exit, kind + ": " + out);
      assertFalse(out.stderr.contains(ADDED), kind + ": " + out);
    }
  }

  @Test
  void aDirectivesFileOthersMayWriteToIsNotUsed() throws Exception {
    Path packaging = Files.createDirectory(tmp.resolve("packaging"));
    Path launcher = Files.copy(Repo.path("packaging", "jvm", "hostkeeper-java"), packaging.resolve("hostkeeper-java"));
    Path directives = Files.copy(Repo.path("packaging", "jvm", "c2-bulk-data.json"), packaging.resolve("c2-bulk-data.json"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(directives, PosixFilePermissions.fromString("rw-rw-rw-"));
    Output open = version(launcher, HostkeeperProcess.App.SINGLE);
    assertEquals(0, open.exit, open.toString());
    assertFalse(open.stderr.contains(ADDED), open.toString());
    assertTrue(open.stderr.contains("c2-bulk-data.json must belong to root or uid") && open.stderr.contains("C2 compiles everything"),
        open.toString());

    Files.setPosixFilePermissions(directives, PosixFilePermissions.fromString("rw-r--r--"));
    Output fixed = version(launcher, HostkeeperProcess.App.SINGLE);
    assertTrue(fixed.stderr.contains(ADDED), fixed.toString());
  }

  /** The shaded jar the reactor built; the launcher recognises the single process by its name. */
  private static Path jar(HostkeeperProcess.App app) {
    Path jar = Path.of(System.getProperty(app.jarProperty, Repo.path(app.module, "target", "missing.jar").toString()));
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar + ": run the build (./mvnw verify) first");
    return jar;
  }

  private record Output(int exit, String stdout, String stderr) {}

  /** {@code hostkeeper-java DIR @ARGS -jar JAR --version} through the given launcher. */
  private Output version(Path launcher, HostkeeperProcess.App kind) throws IOException, InterruptedException {
    Path cds = tmp.resolve("cds");
    if (!Files.isDirectory(cds)) {
      Files.createDirectory(cds, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    String args = switch (kind) {
      case EXPORTER -> "exporter.args";
      case WORKER -> "worker.args";
      case SINGLE -> "single.args";
    };
    List<String> argv = new ArrayList<>(List.of("sh", launcher.toString(), cds.toString(),
        "@" + Repo.path("packaging", "jvm", args), "-jar", jar(kind).toString(), "--version"));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(tmp.toFile());
    pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + argv);
    return new Output(p.exitValue(), stdout, Files.readString(err));
  }
}
