package io.hostkeeper.worker.cleanup;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * Which directories a cleanup may not start at: {@code /}, the top system directories, and any
 * directory that is, holds or lies inside a protected one (the worker's data directory and the
 * backup destinations). Pure.
 */
public final class CleanupRoots {
  /** Never a root themselves (a subdirectory such as /var/tmp is fine). */
  static final Set<Path> SYSTEM = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64",
      "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/usr", "/var", "/var/lib", "/var/log")
      .stream().map(Path::of).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private CleanupRoots() {}

  /** Null when {@code root} (absolute, normalized) may be cleaned; otherwise why not. */
  public static String refusal(Path root, Collection<Protected> protectedPaths) {
    if (SYSTEM.contains(root)) return "refuses to clean " + root + " itself: start the pattern at a directory below it";
    for (Protected p : protectedPaths) {
      Path dir = p.path().toAbsolutePath().normalize();
      if (root.equals(dir) || root.startsWith(dir)) return root + " is " + (root.equals(dir) ? "" : "inside ") + p.what() + " " + dir + "; cleanup never touches it";
      if (dir.startsWith(root)) return root + " holds " + p.what() + " " + dir + "; start the pattern at a directory that does not contain it";
    }
    return null;
  }

  /** A directory cleanup must stay out of, and what it is (for the message). */
  public record Protected(Path path, String what) {}
}
