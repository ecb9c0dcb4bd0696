package io.hostkeeper.common.cli;

import io.hostkeeper.common.config.HostPort;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Start-up checks both jars make, with the one-line messages a user can act on. Each comes as a
 * "problem" function (for {@code check-config}, which lists problems) and a "require" function
 * (for start-up, which stops with a {@link StartupFailure}).
 */
public final class StartupChecks {
  private StartupChecks() {}

  /**
   * What is wrong with using {@code dir} as a writable directory (creating it if missing), or empty
   * when it is fine. Writes and deletes one small probe file.
   */
  public static Optional<String> writableDirectoryProblem(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      return Optional.of("cannot create directory " + dir + ": " + reason(e));
    } catch (IOException e) {
      return Optional.of("cannot create directory " + dir + ": " + e.getMessage());
    }
    if (!Files.isDirectory(dir)) return Optional.of(dir + " is not a directory");
    Path probe = null;
    try {
      probe = Files.createTempFile(dir, ".hostkeeper-write-check", ".tmp");
      return Optional.empty();
    } catch (FileSystemException e) {
      return Optional.of("directory " + dir + " is not writable: " + reason(e));
    } catch (IOException e) {
      return Optional.of("directory " + dir + " is not writable: " + e.getMessage());
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException ignored) {
          // a leftover empty probe file is harmless
        }
      }
    }
  }

  /**
   * @param what what the directory is for, e.g. {@code "data directory"}
   * @param configKey the key that sets it, e.g. {@code "worker.data_dir"}, named in the message
   * @throws StartupFailure when the directory cannot be created or written
   */
  public static void requireWritableDirectory(Path dir, String what, String configKey) {
    writableDirectoryProblem(dir).ifPresent(problem -> {
      throw new StartupFailure(what + ": " + problem + "; fix its permissions or set " + configKey);
    });
  }

  /**
   * The failure to report when a server cannot bind: says which address, which key sets it and
   * what to do.
   *
   * @param what e.g. {@code "exporter"}
   */
  public static StartupFailure listenFailure(String what, HostPort address, String configKey, Exception cause) {
    String reason;
    if (cause instanceof BindException || hasBindCause(cause)) {
      String m = String.valueOf(rootMessage(cause)).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("in use")) reason = "the address is already in use; stop the other process or choose another port";
      else if (m.contains("permission") || m.contains("access")) reason = "permission denied; use a port above 1023";
      else if (m.contains("assign")) reason = "no such local address; use an address of this host, or 0.0.0.0";
      else reason = rootMessage(cause);
    } else {
      reason = rootMessage(cause);
    }
    return new StartupFailure(what + " cannot listen on " + address + " (" + configKey + "): " + reason, cause);
  }

  private static boolean hasBindCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException) return true;
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  private static String reason(FileSystemException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    String r = e.getReason();
    return r != null ? r.toLowerCase(java.util.Locale.ROOT) : e.getClass().getSimpleName();
  }
}
