package io.hostkeeper.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A stand-in {@code systemctl} (a small sh script printing real {@code systemctl show} captures),
 * installed into a test folder and made executable. Units it knows: nginx.service (active),
 * web.service (failed, 5 restarts), worker.service (activating/auto-restart, 2 restarts),
 * cups.service (inactive), postgresql.service (deactivating), apt-daily.timer (active, no
 * NRestarts), bluetooth.service (masked); any other name prints a LoadState=not-found block.
 */
public final class FakeSystemctl {
  private static final String BASE = "/io/hostkeeper/common/probe/systemd/";
  public static final List<String> UNITS = List.of("nginx.service", "web.service", "worker.service", "cups.service",
      "postgresql.service", "apt-daily.timer", "bluetooth.service");

  private final Path dir;

  private FakeSystemctl(Path dir) {
    this.dir = dir;
  }

  public static FakeSystemctl install(Path dir) {
    try {
      Files.createDirectories(dir.resolve("units"));
      copy("systemctl", dir.resolve("systemctl"));
      for (String unit : UNITS) copy("units/" + unit, dir.resolve("units").resolve(unit));
      if (!dir.resolve("systemctl").toFile().setExecutable(true)) throw new IOException("cannot make the fake systemctl executable");
      return new FakeSystemctl(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = FakeSystemctl.class.getResourceAsStream(BASE + resource)) {
      if (in == null) throw new IOException("test resource missing: " + BASE + resource);
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Absolute path of the script, for {@code exporter.paths.systemctl}. */
  public String program() {
    return dir.resolve("systemctl").toString();
  }

  /** The argument lists of the calls made so far, one per call. */
  public List<String> calls() {
    try {
      Path log = dir.resolve("calls.log");
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the next calls block (until killed). */
  public void hang(boolean on) {
    flag("hang", on);
  }

  /** Makes the next calls fail like systemctl on a host without systemd. */
  public void broken(boolean on) {
    flag("broken", on);
  }

  private void flag(String name, boolean on) {
    try {
      if (on) Files.writeString(dir.resolve(name), "");
      else Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
