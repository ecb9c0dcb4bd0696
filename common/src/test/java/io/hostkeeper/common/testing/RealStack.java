package io.hostkeeper.common.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real binaries that tier-3 tests run (promtool, gpg, sqlite3, ...). When one is missing
 * the test is skipped with a reason, unless {@code hostkeeper.requireRealStack=true} (set from
 * {@code CI=true}), where a missing binary fails the test: CI never passes by skipping.
 */
public final class RealStack {
  private RealStack() {}

  public static boolean required() {
    return Boolean.parseBoolean(System.getProperty("hostkeeper.requireRealStack", System.getenv("CI")));
  }

  /** Absolute path of the first of {@code names} found on PATH (or in /usr/sbin, /sbin), if any. */
  public static Optional<Path> find(String... names) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin:/usr/bin";
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The binary, or: skip the test (aborted assumption) with a reason naming the Debian package to
   * install, or fail when real-stack tests are required.
   */
  public static Path require(String debianPackage, String... names) {
    Optional<Path> found = find(names);
    if (found.isPresent()) return found.get();
    String reason = String.join("/", names) + " not found; install the Debian package '" + debianPackage
        + "' (apt-get install " + debianPackage + ")";
    if (required()) Assertions.fail("real-stack test cannot run: " + reason);
    Assumptions.abort("real-stack test skipped: " + reason);
    throw new AssertionError("unreachable");
  }

  /** The shared fixture folder (../shared next to the repository), when present. */
  public static Optional<Path> sharedDir() {
    String p = System.getProperty("hostkeeper.sharedDir");
    return p == null ? Optional.empty() : Optional.of(Path.of(p).normalize()).filter(Files::isDirectory);
  }
}
