package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.common.probe.CommandRunner;

import io.hostkeeper.common.config.LogConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.ConfiguredJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rotates the live logs of one {@code logs:} entry. Per live log, under its lock: clean leftovers
 * of an interrupted run (temp files, a stale temp state), finish an interrupted rotation from its
 * journal, decide with {@link RotationPlanner}, run the rotation journal (state committed after
 * every step), then compress and delete rotated files. Each log is independent: one failing log
 * does not stop the others, and the run fails if any did.
 */
public final class LogRotateJob extends ConfiguredJob {
  private final LogConfig config;
  private final String label;
  private final ZoneId zone;
  private final StateStore store;
  private final LogMetrics metrics;
  private final CommandRunner commands;
  private final OpenFiles openFiles;
  private final FaultHook faults;

  public LogRotateJob(LogConfig config, String label, ZoneId zone, Path stateDir, LogMetrics metrics,
                      CommandRunner commands, OpenFiles openFiles, FaultHook faults) {
    super("logs:" + label, config);
    if (config == null || zone == null || stateDir == null || metrics == null || commands == null || openFiles == null || faults == null) {
      throw new IllegalArgumentException("LogRotateJob needs all its dependencies");
    }
    this.config = config;
    this.label = label;
    this.zone = zone;
    this.store = new StateStore(stateDir, faults);
    this.metrics = metrics;
    metrics.track(label, stateDir);
    this.commands = commands;
    this.openFiles = openFiles;
    this.faults = faults;
  }

  public LogConfig config() {
    return config;
  }


  @Override
  protected JobOutcome run(JobRunContext context) throws InterruptedException {
    Instant now = context.clock().instant();
    List<String> notes = new ArrayList<>();
    List<Path> files;
    try {
      files = LogTargets.expand(config.path(), notes);
    } catch (LogTargets.TargetException e) {
      return JobOutcome.failure(e.getMessage(), Map.of("path", config.path()));
    }
    if (files.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>(Map.of("path", config.path()));
      Path single = Path.of(config.path());
      if (!LogTargets.isGlob(config.path()) && single.getParent() != null && Files.isDirectory(single.getParent())) {
        // the live log is gone, but its rotated files still get their compression and retention
        details.put("files", List.of(rotateFile(single, now, false).toDetails()));
      }
      if (config.missingOk()) {
        JobOutcome skipped = new JobOutcome(JobOutcome.Result.SKIPPED, "no file matches " + config.path() + " (missing_ok)", details);
        return frequent() && !details.containsKey("files") ? skipped.asRoutine() : skipped;
      }
      return JobOutcome.failure("no file matches " + config.path()
          + "; check the path, or set missing_ok: true if the log may not exist yet", details);
    }
    List<Map<String, Object>> perFile = new ArrayList<>();
    boolean idle = notes.isEmpty();
    int rotated = 0;
    int failed = 0;
    List<String> problems = new ArrayList<>();
    for (Path live : files) {
      LogReport report = rotateFile(live, now, context.manual());
      perFile.add(report.toDetails());
      idle &= report.idle();
      if (report.rotatedTo() != null) rotated++;
      if (report.failed()) {
        failed++;
        problems.add(live + ": " + String.join("; ", report.problems()));
      }
    }
    if (rotated > 0) metrics.rotations.labelValues(label).inc(rotated);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("path", config.path());
    details.put("rotated", rotated);
    details.put("files", perFile);
    if (!notes.isEmpty()) details.put("notes", notes);
    if (failed > 0) {
      return JobOutcome.failure(failed + " of " + files.size() + " log(s) failed: " + String.join(" | ", problems), details);
    }
    try {
      metrics.succeeded(label, context.clock().millis() / 1000.0);
    } catch (IOException e) {
      details.put("notes", List.of("could not keep the last-success time in " + store.dir() + ": " + e.getMessage()));
    }
    JobOutcome done = JobOutcome.success("rotated " + rotated + " of " + files.size() + " log(s)", details);
    return idle && frequent() ? done.asRoutine() : done;
  }

  /** An {@code @every} entry checks often (size-driven rotation); its idle runs are routine. */
  private boolean frequent() {
    return schedule() != null && schedule().every() != null;
  }

  /** One live log, start to end; never throws for a problem with the file (it lands in the report). */
  @SuppressWarnings("try") // the lock is held for the block, not used in it
  LogReport rotateFile(Path live, Instant now, boolean force) throws InterruptedException {
    LogReport.Builder report = new LogReport.Builder(live.toString());
    RotationNaming naming = new RotationNaming(live.getFileName().toString(), config.dateExt() ? config.dateFormat() : null, zone);
    RotationPlanner planner = new RotationPlanner(config, naming);
    FileRights rights = FileRights.WORKER;
    try (LogLock lock = LogLock.acquire(store.lockFileFor(live), live)) {
      rights = FileRights.of(config.runAs());
      RotationExecutor executor = new RotationExecutor(store, commands, openFiles, faults, config.postRotateTimeout(), rights);
      LogDirectory.requireSafe(live.toAbsolutePath().getParent(), rights);
      if (store.removeStaleTemp(live)) report.cleaned.add("stale temporary state file of an interrupted write");
      rights.exec(() -> LeftoverTemps.clean(live, naming, now, report));
      LogState state = store.read(live);
      boolean justRotated = false;
      if (state.inProgress()) {
        report.resumed = true;
        report.decision = "finishing a rotation interrupted at step " + (state.done() + 1) + " of " + state.journal().size();
        report.rotatedTo = destinationOf(state.journal(), live);
        state = executor.runJournal(live, state, report);
        justRotated = true;
      } else if (Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
        BasicFileAttributes attrs = SafeFiles.lstat(live);
        if (attrs.isSymbolicLink()) {
          throw new FileSystemException(live.toString(), null, "is a symbolic link; refused (links are never followed):"
              + " configure the file it points to");
        }
        if (!attrs.isRegularFile()) throw new IOException(live + " is not a regular file");
        long size = attrs.size();
        // logrotate's rule: never rotated, or a scheduled time has passed since the last rotation
        boolean due = state.lastRotation() == null
            || (config.schedule() != null && config.schedule().firedSince(state.lastRotation(), zone, now));
        RotationPlan plan = planner.plan(live, size, scan(live.getParent(), naming), due, force, now);
        report.decision = plan.reason();
        if (plan.problem()) report.problems.add(plan.reason());
        if (plan.rotate()) {
          LogState started = state.begin(plan.steps(), now);
          store.write(live, started);
          executor.runJournal(live, started, report);
          report.rotatedTo = plan.destination().getFileName().toString();
          justRotated = true;
        }
      } else {
        report.decision = "missing: " + live + " no longer exists";
      }
      Duration wait = justRotated && !config.postRotate().isEmpty() && config.mode() == LogConfig.Mode.RENAME
          ? config.postRotateTimeout() : Duration.ZERO;
      executor.housekeeping(planner.housekeeping(scan(live.getParent(), naming), now), wait, report);
    } catch (AccessDeniedException e) {
      report.problems.add("permission denied on " + e.getFile() + "; " + (rights.account() == null ? "the worker's user"
          : "the run_as user " + rights.account().user()) + " must be able to read, rename and create files in " + live.getParent());
    } catch (FileSystemException e) {
      report.problems.add((e.getFile() == null ? "" : e.getFile() + ": ") + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
          + (e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")"));
    } catch (IOException e) {
      report.problems.add(e.getMessage());
    }
    return report.build();
  }

  private static String destinationOf(List<Step> journal, Path live) {
    for (Step s : journal) {
      if (s instanceof Step.Rename r && r.from().equals(live)) return r.to().getFileName().toString();
      if (s instanceof Step.CopyTruncate c) return c.to().getFileName().toString();
    }
    return null;
  }

  static List<RotatedFile> scan(Path dir, RotationNaming naming) throws IOException {
    List<RotatedFile> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        BasicFileAttributes a = SafeFiles.lstat(p);
        if (naming.parse(p, Instant.EPOCH).isEmpty()) continue;
        if (a.isSymbolicLink() || !a.isRegularFile()) {
          // a link here would be shifted, compressed or kept forever while the log never rotates
          throw new FileSystemException(p.toString(), null, (a.isSymbolicLink() ? "is a symbolic link" : "is not a regular file")
              + " where a rotated file belongs; refused (links are never followed): remove it");
        }
        naming.parse(p, a.lastModifiedTime().toInstant()).ifPresent(found::add);
      }
    }
    return found;
  }
}
