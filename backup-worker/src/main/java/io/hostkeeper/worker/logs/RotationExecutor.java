package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.common.config.Durations;
import io.hostkeeper.common.probe.CommandRunner;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Carries out a rotation's journaled steps and the housekeeping steps, with an idempotence check
 * before each one so that resuming an interrupted journal never repeats what was done. Progress is
 * committed to the log's state file after every step. The file work of each step runs with the
 * entry's {@link FileRights}; the state file is written with the worker's own.
 */
final class RotationExecutor {
  private final StateStore store;
  private final CommandRunner commands;
  private final OpenFiles openFiles;
  private final FaultHook faults;
  private final Duration postRotateTimeout;
  private final FileRights rights;

  RotationExecutor(StateStore store, CommandRunner commands, OpenFiles openFiles, FaultHook faults, Duration postRotateTimeout,
                   FileRights rights) {
    this.rights = rights;
    this.store = store;
    this.commands = commands;
    this.openFiles = openFiles;
    this.faults = faults;
    this.postRotateTimeout = postRotateTimeout;
  }

  /** Runs the journal from its first unfinished step and commits the finished state. */
  LogState runJournal(Path live, LogState state, LogReport.Builder report) throws IOException, InterruptedException {
    LogState s = state;
    while (s.done() < s.journal().size()) {
      Step step = s.journal().get(s.done());
      faults.at("journal-step-" + s.done() + "-" + step.getClass().getSimpleName());
      if (step instanceof Step.Rename r) {
        rights.exec(() -> rename(r, report));
      } else if (step instanceof Step.CopyTruncate c) {
        s = copyTruncate(c, s, report);
      } else if (step instanceof Step.Create c) {
        rights.exec(() -> LogFiles.create(c, report));
      } else if (step instanceof Step.PostRotate p) {
        postRotate(p, report);
      } else {
        throw new IllegalStateException("not a journal step: " + step);
      }
      s = s.stepDone();
      store.write(live, s);
    }
    LogState finished = s.finished();
    store.write(live, finished);
    return finished;
  }

  private void rename(Step.Rename r, LogReport.Builder report) throws IOException {
    boolean toExists = Files.exists(r.to(), LinkOption.NOFOLLOW_LINKS);
    if (toExists && Files.isSymbolicLink(r.to())) {
      throw new FileSystemException(r.to().toString(), null, "is a symbolic link where a rotated file belongs; refused"
          + " (links are never followed): remove it");
    }
    boolean fromExists = Files.exists(r.from(), LinkOption.NOFOLLOW_LINKS);
    if (toExists) {
      if (report.resumed) {
        report.notes.add("already done before the interruption: " + r.from().getFileName() + " -> " + r.to().getFileName());
        return;
      }
      throw new FileSystemException(r.from().toString(), r.to().toString(), "cannot rotate: the destination already exists;"
          + " move it away");
    }
    if (!fromExists) {
      report.notes.add(r.from().getFileName() + " vanished before it could be renamed");
      return;
    }
    Files.move(r.from(), r.to(), StandardCopyOption.ATOMIC_MOVE);
    SafeFiles.fsyncDirectory(r.to().toAbsolutePath().getParent());
  }

  private LogState copyTruncate(Step.CopyTruncate c, LogState s, LogReport.Builder report) throws IOException, InterruptedException {
    if (s.copiedBytes() >= 0 && !rights.run(() -> CopyTruncate.startsWith(c.live(), s.copiedBytes(), s.copiedCrc()))) {
      report.notes.add("copy and truncate were both done before the interruption");
      return s;
    }
    CopyTruncate.Copy copy = rights.run(() -> {
      // resuming (copied_bytes known), the destination may be our own copy from before the interruption
      boolean ours = s.copiedBytes() >= 0 && !Files.isSymbolicLink(c.to());
      if (!ours && Files.exists(c.to(), LinkOption.NOFOLLOW_LINKS)) {
        throw new FileSystemException(c.live().toString(), c.to().toString(), "cannot copy: the destination already exists"
            + (Files.isSymbolicLink(c.to()) ? " as a symbolic link (never followed)" : "") + "; move it away");
      }
      return CopyTruncate.copy(c.live(), c.to());
    });
    LogState withCopy = s.copied(copy.bytes(), copy.crc());
    store.write(c.live(), withCopy);
    faults.at("copytruncate-copied");
    rights.exec(() -> SafeFiles.renameDurably(copy.temp(), c.to()));
    faults.at("copytruncate-before-truncate");
    report.copyTruncateWindowNanos = rights.run(() -> CopyTruncate.catchUpAndTruncate(c.live(), c.to(), copy));
    return withCopy;
  }

  private void postRotate(Step.PostRotate p, LogReport.Builder report) {
    CommandRunner.Result r = commands.run(p.argv(), postRotateTimeout);
    switch (r.ending()) {
      case NOT_STARTED -> report.problems.add("post_rotate " + p.argv() + " could not start: " + r.problem());
      case TIMED_OUT -> report.problems.add("post_rotate " + p.argv() + " did not finish within "
          + Durations.format(postRotateTimeout) + " and was stopped (TERM, then KILL)");
      case EXITED -> {
        if (r.exitCode() != 0) {
          String out = r.output().strip();
          report.problems.add("post_rotate " + p.argv() + " exited with " + r.exitCode() + (out.isEmpty() ? "" : ": " + out));
        } else {
          report.notes.add("post_rotate ran");
        }
      }
    }
  }

  /**
   * Deletes and compresses. A file still held open by a writer (it has not reopened its log yet)
   * is compressed only once closed: we wait up to {@code waitForClose}, else leave it for the next
   * run, so no line written late is lost.
   */
  void housekeeping(List<Step> steps, Duration waitForClose, LogReport.Builder report) throws IOException, InterruptedException {
    for (Step step : steps) {
      if (step instanceof Step.Delete d) {
        faults.at("delete");
        if (rights.run(() -> SafeFiles.deleteIfExists(d.file()))) report.deleted.add(d.file().getFileName() + " (" + d.why() + ")");
      } else if (step instanceof Step.Compress c) {
        OptionalLong holder = waitUntilClosed(c.source(), waitForClose);
        if (holder.isPresent()) {
          report.notes.add("not compressing " + c.source().getFileName() + " yet: process " + holder.getAsLong()
              + " still has it open (it has not reopened its log); it will be compressed on a later run");
          continue;
        }
        Compressor.loadCodec(c.codec());
        rights.run(() -> Compressor.compress(c.source(), c.target(), c.codec(), faults));
        report.compressed.add(c.target().getFileName().toString());
      }
    }
  }

  private OptionalLong waitUntilClosed(Path file, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      OptionalLong holder = openFiles.holder(file);
      if (holder.isEmpty() || System.nanoTime() >= deadline) return holder;
      Thread.sleep(20);
    }
  }
}
