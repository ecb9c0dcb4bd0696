package io.hostkeeper.worker.backup;

import io.hostkeeper.worker.backup.archive.SourceProblem;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.job.ConfiguredJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduled job {@code backup:NAME}: one run of {@link BackupRunner}. Failures the user can fix
 * (keys, sources, destination, disk full) come back as a failed outcome with a clear message; the
 * {@link io.hostkeeper.worker.job.JobRunner} records history and job metrics, this class only counts
 * backup runs.
 */
public final class BackupJob extends ConfiguredJob {
  private final BackupRunner runner;
  private final BackupMetrics metrics;
  private final io.hostkeeper.worker.backup.copy.CopyRun copies;

  public BackupJob(BackupRunner runner, BackupMetrics metrics) {
    this(runner, metrics, null);
  }

  /** @param copies uploads to the remote copies after each written archive; null when there are none */
  public BackupJob(BackupRunner runner, BackupMetrics metrics, io.hostkeeper.worker.backup.copy.CopyRun copies) {
    super("backup:" + runner.config().name(), runner.config());
    this.runner = runner;
    this.metrics = metrics;
    this.copies = copies;
  }


  @Override
  protected JobOutcome run(JobRunContext context) {
    String backup = runner.config().name();
    try {
      BackupRunner.Result r = runner.run();
      Map<String, Object> d = details(r);
      String copied = copy(d);
      String pruneError = r.pruning().pruneError();
      if (pruneError != null) {
        count(backup, "failure");
        return JobOutcome.failure("archive " + r.archive().fileName() + " written and verified, but pruning failed: " + pruneError + copied, d);
      }
      String quotaError = r.pruning().quotaError();
      if (quotaError != null) {
        count(backup, "failure");
        return JobOutcome.failure("archive " + r.archive().fileName() + " written and verified, but " + quotaError + copied, d);
      }
      count(backup, "success");
      String skipped = r.manifest().problems().isEmpty() ? "" : ", " + r.manifest().problems().size() + " problem(s) recorded";
      return JobOutcome.success("archive " + r.archive().fileName() + " (" + r.archive().sizeBytes() + " bytes, "
          + r.manifest().members().size() + " members" + skipped + ") written and verified; "
          + r.pruning().removed().size() + " old archive(s) pruned" + copied, d);
    } catch (BackupRunner.Busy e) {
      count(backup, "skipped");
      return JobOutcome.skipped(e.getMessage());
    } catch (KeyProblem | SourceProblem e) {
      count(backup, "failure");
      return JobOutcome.failure(e.getMessage(), Map.of("backup", backup));
    } catch (IOException e) {
      count(backup, "failure");
      return JobOutcome.failure("backup " + backup + " failed: " + describe(e), Map.of("backup", backup));
    } catch (RuntimeException e) {
      count(backup, "failure");
      throw e;
    }
  }

  /** Brings the remote copies up to date; a failing copy fails only itself, never the backup. */
  private String copy(Map<String, Object> details) {
    if (copies == null || copies.backup().copies().isEmpty()) return "";
    var outcomes = copies.syncAll(false);
    details.put("copies", io.hostkeeper.worker.backup.copy.CopyJob.details(outcomes));
    return "; " + io.hostkeeper.worker.backup.copy.CopyRun.summary(outcomes);
  }

  private void count(String backup, String result) {
    if (metrics != null) metrics.countRun(backup, result);
  }

  static String describe(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (m.contains("No space left on device")) return "no space left on the destination (" + m + ")";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + m;
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory: " + m;
    return m;
  }

  private static Map<String, Object> details(BackupRunner.Result r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("backup", r.archive().backup());
    d.put("archive", r.archive().path().toString());
    d.put("size_bytes", r.archive().sizeBytes());
    d.put("sha256", r.archive().sha256());
    d.put("members", r.manifest().members().size());
    d.put("source_bytes", r.manifest().totalMemberBytes());
    d.put("problems", r.manifest().problems().stream().map(p -> p.path() + ": " + p.problem()).toList());
    d.put("pruned", r.pruning().removed().stream().map(CatalogueEntry::fileName).toList());
    d.put("leftovers_removed", r.leftoversRemoved());
    return d;
  }
}
