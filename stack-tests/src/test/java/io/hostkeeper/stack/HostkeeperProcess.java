package io.hostkeeper.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real exporter, worker or single process as a child process: started from its shaded jar
 * ({@code exporter/target/hostkeeper-exporter.jar}, {@code backup-worker/target/hostkeeper-worker.jar},
 * {@code single-process/target/hostkeeper-single.jar}),
 * which the reactor builds before this module from {@code package} on. When the jar is missing
 * or older than the module's classes (a plain {@code mvn test} run), the same Main is started from
 * this test's class path instead, so the test never runs stale code.
 */
final class HostkeeperProcess {
  private HostkeeperProcess() {}

  enum App {
    EXPORTER("hostkeeper.exporterJar", "exporter", "io.hostkeeper.exporter.Main"),
    WORKER("hostkeeper.workerJar", "backup-worker", "io.hostkeeper.worker.Main"),
    SINGLE("hostkeeper.singleJar", "single-process", "io.hostkeeper.single.Main");

    final String jarProperty;
    final String module;
    final String mainClass;

    App(String jarProperty, String module, String mainClass) {
      this.jarProperty = jarProperty;
      this.module = module;
      this.mainClass = mainClass;
    }
  }

  static List<String> command(App app) {
    return command(app, List.of("-XX:+UseSerialGC", "-Xmx160m", "-XX:TieredStopAtLevel=1"));
  }

  /** The command line of {@code app} with these JVM options (a fleet test starts many small JVMs). */
  static List<String> command(App app, List<String> jvmOptions) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv = new ArrayList<>(List.of(java));
    argv.addAll(jvmOptions);
    Path jar = Path.of(System.getProperty(app.jarProperty, Repo.path(app.module, "target", "missing.jar").toString()));
    if (freshJar(jar, Repo.path(app.module, "target", "classes"))) {
      argv.addAll(List.of("-jar", jar.toString()));
    } else {
      argv.addAll(List.of("-cp", System.getProperty("java.class.path"), app.mainClass));
    }
    return argv;
  }

  private static boolean freshJar(Path jar, Path classes) {
    if (!Files.isRegularFile(jar)) return false;
    if (!Files.isDirectory(classes)) return true;
    try (Stream<Path> s = Files.walk(classes)) {
      FileTime jarTime = Files.getLastModifiedTime(jar);
      return s.filter(Files::isRegularFile).noneMatch(p -> {
        try {
          return Files.getLastModifiedTime(p).compareTo(jarTime) > 0;
        } catch (IOException e) {
          return true;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits until the worker's admin API answers. The worker opens it after its metrics port (so
   * that the first scrape comes early): a test that uses the API waits for it, not for /metrics.
   */
  static void awaitAdmin(ChildProcess worker, int adminPort) {
    String health = "http://127.0.0.1:" + adminPort + "/health";
    Poll.until(Duration.ofSeconds(60), "the worker's admin API at " + health,
        () -> Json.get(health).statusCode() == 200 ? Optional.of(true) : Optional.empty(), worker::tail);
  }

  /** Starts {@code app} with {@code --config FILE} and waits until {@code url} answers 200. */
  static ChildProcess start(App app, Path config, Path dir, String readyUrl) throws IOException {
    return start(app, config, dir, List.of(), () -> Json.get(readyUrl).statusCode() == 200, readyUrl);
  }

  /** Starts {@code app} with {@code --config FILE} and {@code extraArgs}, and waits until {@code ready} says so. */
  static ChildProcess start(App app, Path config, Path dir, List<String> extraArgs, java.util.function.BooleanSupplier ready,
      String what) throws IOException {
    List<String> argv = new ArrayList<>(command(app));
    argv.addAll(List.of("--config", config.toString()));
    argv.addAll(extraArgs);
    ChildProcess p = ChildProcess.start(app.name().toLowerCase(), argv, dir, dir.resolve(app.name().toLowerCase() + ".log"));
    try {
      Poll.until(Duration.ofSeconds(60), app + " ready at " + what, () -> {
        if (!p.alive()) throw new AssertionError(app + " exited\n" + p.tail());
        return ready.getAsBoolean() ? Optional.of(true) : Optional.empty();
      }, p::tail);
    } catch (AssertionError e) {
      p.close();
      throw e;
    }
    return p;
  }
}
