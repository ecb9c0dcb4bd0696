package io.hostkeeper.common.cli;

import io.hostkeeper.common.config.HostPort;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Start-up checks both jars make, with the one-line messages a user can act on, and the one
 * wording of the exceptions behind them ({@link #describe}, {@link #rootMessage}). Each check comes
 * as a "problem" function (for {@code check-config}, which lists problems) and, where start-up
 * needs it, a "require" or "probe" function.
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
    } catch (IOException e) {
      return Optional.of("cannot create directory " + dir + ": " + describe(e));
    }
    if (!Files.isDirectory(dir)) return Optional.of(dir + " is not a directory");
    try {
      probeWritable(dir);
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.of("directory " + dir + " is not writable: " + describe(e));
    }
  }

  /**
   * What is wrong with {@code dir} as a directory a process will write in, without creating it
   * (for {@code check-config}, which starts nothing): an existing directory must take a file, a
   * missing one must be creatable in its nearest existing parent. Empty when fine. Probes by
   * creating and removing a temporary entry, because permission bits say little for root or on a
   * read-only mount.
   */
  public static Optional<String> usableDirectoryProblem(Path dir) {
    Path p = dir.toAbsolutePath();
    try {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) return Optional.of(p + " exists and is not a directory");
        probeWritable(p);
        return Optional.empty();
      }
      Path parent = p.getParent();
      while (parent != null && !Files.exists(parent)) parent = parent.getParent();
      if (parent == null || !Files.isDirectory(parent)) return Optional.of(p + " cannot be created: no parent directory exists");
      Files.delete(Files.createTempDirectory(parent, ".hostkeeper-check"));
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.of((Files.exists(p) ? "directory " + p + " is not writable: " : p + " cannot be created: ") + describe(e));
    }
  }

  /** Creates and removes one empty file in {@code dir}; throws what stopped it. */
  public static void probeWritable(Path dir) throws IOException {
    Path probe = Files.createTempFile(dir, ".hostkeeper-write-check", ".tmp");
    try {
      Files.delete(probe);
    } catch (IOException ignored) {
      // a leftover empty probe file is harmless
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
   * Binds {@code listen} once and lets go, so that a port in use is reported as one line before a
   * server (whose own failure logs a stack trace) is started. Port 0 is not probed.
   *
   * @throws IOException the bind failure
   */
  public static void probeBind(HostPort listen) throws IOException {
    if (listen.port() == 0) return;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(listen.host(), listen.port()));
    }
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
      String m = String.valueOf(rootMessage(cause)).toLowerCase(Locale.ROOT);
      if (m.contains("in use")) reason = "the address is already in use; stop the other process or choose another port";
      else if (m.contains("permission") || m.contains("access")) reason = "permission denied; use a port above 1023";
      else if (m.contains("assign")) reason = "no such local address; use an address of this host, or 0.0.0.0";
      else reason = rootMessage(cause);
    } else {
      reason = rootMessage(cause);
    }
    return new StartupFailure(what + " cannot listen on " + address + " (" + configKey + "): " + reason, cause);
  }

  /**
   * Short, human wording of an I/O exception for a one-line message: "permission denied", "no such
   * file or directory", the file system's reason, else the message.
   */
  public static String describe(Throwable e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof NotDirectoryException) return "not a directory";
    if (e instanceof FileAlreadyExistsException f) return f.getFile() + " exists and is not a directory";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The message of the innermost cause (its type when it has none): what went wrong, under the wrappers. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static boolean hasBindCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException) return true;
    }
    return false;
  }
}
