package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Brings every copy of one backup up to date, one after the other. A failing copy fails only
 * itself: its reason is counted and stored, and the next copy still runs. Two syncs of the same
 * copy never overlap in this process (the backup job's and the catch-up job's).
 */
public final class CopyRun {

  /** Opens a connection to a copy's remote. */
  @FunctionalInterface
  public interface Opener {
    CopyTarget open(CopyConfig copy) throws IOException;
  }

  /** One copy's result: a report, or a failure, or busy (another sync of it was running). */
  public record Outcome(String copy, Copier.Report report, CopyFailure failure, boolean busy) {
    public boolean ok() {
      return report != null;
    }
  }

  private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final BackupConfig backup;
  private final BackupCatalogue catalogue;
  private final CopyState state;
  private final CopyMetrics metrics;
  private final Clock clock;
  private final Opener opener;

  public CopyRun(BackupConfig backup, BackupCatalogue catalogue, CopyState state, CopyMetrics metrics, Clock clock, Opener opener) {
    this.backup = Objects.requireNonNull(backup);
    this.catalogue = Objects.requireNonNull(catalogue);
    this.state = state;
    this.metrics = metrics;
    this.clock = Objects.requireNonNull(clock);
    this.opener = Objects.requireNonNull(opener);
  }

  public BackupConfig backup() {
    return backup;
  }

  public List<Outcome> syncAll(boolean dryRun) {
    List<Outcome> out = new ArrayList<>();
    for (CopyConfig c : backup.copies()) out.add(sync(c, dryRun));
    return out;
  }

  public Outcome sync(CopyConfig c, boolean dryRun) {
    ReentrantLock lock = LOCKS.computeIfAbsent(backup.name() + "/" + c.name(), k -> new ReentrantLock());
    if (!lock.tryLock()) return new Outcome(c.name(), null, null, true);
    try {
      ZoneId zone = backup.timeZone() == null ? clock.getZone() : backup.timeZone();
      Copier copier = new Copier(backup.name(), c, zone);
      try (CopyTarget target = opener.open(c)) {
        Copier.Report r = copier.sync(target, catalogue.list(backup.name()), clock.instant(), dryRun,
            n -> { if (metrics != null && !dryRun) metrics.addBytes(backup.name(), c.name(), n); });
        if (!dryRun && state != null) state.success(backup.name(), c.name(), clock.instant(), r.remoteArchives());
        return new Outcome(c.name(), r, null, false);
      }
    } catch (IOException | RuntimeException e) {
      CopyFailure f = e instanceof CopyFailure cf ? cf
          : new CopyFailure(CopyFailure.Reason.IO, "copy " + c.name() + ": " + Errors.message(e), e);
      if (!dryRun) {
        if (metrics != null) metrics.countFailure(backup.name(), c.name(), f.reason());
        if (state != null) {
          try {
            state.failure(backup.name(), c.name(), clock.instant(), f.reason().label(), f.getMessage());
          } catch (RuntimeException ignored) {
            // the failure is still counted and reported
          }
        }
      }
      return new Outcome(c.name(), null, f, false);
    } finally {
      lock.unlock();
    }
  }

  /** One line per copy, for job messages and the CLI. */
  public static String summary(List<Outcome> outcomes) {
    List<String> parts = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.busy()) parts.add("copy " + o.copy() + ": another sync is running");
      else if (o.ok()) parts.add("copy " + o.copy() + ": " + o.report().uploaded().size() + " uploaded, "
          + o.report().deleted().size() + " deleted, " + o.report().remoteArchives() + " on the remote");
      else parts.add("copy " + o.copy() + " failed (" + o.failure().reason().label() + "): " + o.failure().getMessage());
    }
    return String.join("; ", parts);
  }
}
