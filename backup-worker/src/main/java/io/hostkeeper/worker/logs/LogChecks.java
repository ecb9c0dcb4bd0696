package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.LogConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of {@code logs:} that need I/O, for {@code check-config} and start-up: the log's
 * directory exists and the worker may create and rename files in it, a configured path is not a
 * directory, the post_rotate program exists, the create owner and group exist, the run_as user and
 * group exist and the worker can act as them.
 */
public final class LogChecks {
  private LogChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    return check(loaded, LogDirectory.selfUid());
  }

  static List<ConfigError> check(LoadedConfig loaded, int selfUid) {
    List<ConfigError> errors = new ArrayList<>();
    List<LogConfig> logs = loaded.config().logs();
    for (int i = 0; i < logs.size(); i++) {
      LogConfig log = logs.get(i);
      String at = "logs[" + i + "]";
      Path path = Path.of(log.path());
      Path dir = path.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        if (!log.missingOk()) errors.add(loaded.errorAt(at + ".path", "directory " + dir + " does not exist (set missing_ok: true if it appears later)"));
      } else if (!Files.isWritable(dir)) {
        errors.add(loaded.errorAt(at + ".path", "the worker cannot create or rename files in " + dir + "; run it as a user allowed to"));
      }
      if (!LogTargets.isGlob(log.path()) && Files.isDirectory(path)) {
        errors.add(loaded.errorAt(at + ".path", path + " is a directory; give a log file or a glob such as " + path.resolve("*.log")));
      }
      if (!log.postRotate().isEmpty() && findProgram(log.postRotate().get(0)) == null) {
        errors.add(loaded.errorAt(at + ".post_rotate", "program " + log.postRotate().get(0) + " not found or not executable"
            + (log.postRotate().get(0).contains("/") ? "" : " on PATH")));
      }
      if (log.create() != null) {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        if (log.create().owner() != null) {
          try {
            users.lookupPrincipalByName(log.create().owner());
          } catch (UserPrincipalNotFoundException e) {
            errors.add(loaded.errorAt(at + ".create.owner", "no such user: " + log.create().owner()));
          } catch (IOException | UnsupportedOperationException e) {
            // cannot tell here; the rotation reports it
          }
        }
        if (log.create().group() != null) {
          try {
            users.lookupPrincipalByGroupName(log.create().group());
          } catch (UserPrincipalNotFoundException e) {
            errors.add(loaded.errorAt(at + ".create.group", "no such group: " + log.create().group()));
          } catch (IOException | UnsupportedOperationException e) {
            // cannot tell here; the rotation reports it
          }
        }
      }
    }
    for (int i = 0; i < logs.size(); i++) {
      if (logs.get(i).runAs() != null) errors.addAll(RunAsChecks.check(loaded, "logs[" + i + "].run_as", logs.get(i).runAs(), selfUid));
    }
    errors.addAll(overlaps(loaded, logs));
    return errors;
  }

  /** Entries that claim the same file: by their patterns, then by the files they match now. */
  static List<ConfigError> overlaps(LoadedConfig loaded, List<LogConfig> logs) {
    List<ConfigError> errors = new ArrayList<>();
    List<List<Path>> matched = new ArrayList<>();
    for (LogConfig log : logs) {
      List<Path> files = new ArrayList<>();
      try {
        for (Path p : LogTargets.expand(log.path(), new ArrayList<>())) {
          files.add(p.toAbsolutePath().getParent().toRealPath().resolve(p.getFileName()));
        }
      } catch (LogTargets.TargetException | IOException e) {
        // reported by the checks above or by the run
      }
      matched.add(files);
    }
    for (int j = 0; j < logs.size(); j++) {
      for (int i = 0; i < j; i++) {
        String a = logs.get(i).path();
        String b = logs.get(j).path();
        String why = null;
        if (LogOverlaps.overlap(a, b)) {
          why = a.equals(b) ? "the same path as logs[" + i + "]" : "overlaps logs[" + i + "] (" + a + ")";
        } else {
          for (Path f : matched.get(j)) {
            if (matched.get(i).contains(f)) {
              why = "matches " + f + ", which logs[" + i + "] (" + a + ") matches too";
              break;
            }
          }
        }
        if (why != null) {
          errors.add(loaded.errorAt("logs[" + j + "].path", b + " " + why + "; a file must belong to one entry"
              + " (a second one would shift the first one's rotations): narrow one of the paths"));
          break;
        }
      }
    }
    return errors;
  }

  static Path findProgram(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
    }
    return null;
  }
}
