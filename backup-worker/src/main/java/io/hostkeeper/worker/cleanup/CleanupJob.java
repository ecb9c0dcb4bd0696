package io.hostkeeper.worker.cleanup;

import io.hostkeeper.common.config.CleanupConfig;
import io.hostkeeper.common.config.CleanupGlob;
import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.common.web.Format;
import io.hostkeeper.worker.cleanup.CleanupRoots.Protected;
import io.hostkeeper.worker.job.ConfiguredJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code cleanup:} entry ({@code cleanup:<name>}): for each glob, list the tree below its root
 * ({@link TreeLister}), choose what goes ({@link CleanupPlanner}), and delete it
 * ({@link SafeDelete}) or, in a dry run, only list it. Files and bytes freed go to the run's
 * details and the {@code hostkeeper_cleanup_*} counters.
 */
public final class CleanupJob extends ConfiguredJob {
  /** Paths listed in a run's details at most. */
  static final int LISTED = 200;

  private final CleanupConfig config;
  private final List<Protected> protectedPaths;
  private final CleanupMetrics metrics;
  private final OpenFiles openFiles;
  private final FreeSpace space;
  private final MountPoints mounts;

  public CleanupJob(CleanupConfig config, List<Protected> protectedPaths, CleanupMetrics metrics, OpenFiles openFiles,
      FreeSpace space, MountPoints mounts) {
    super("cleanup:" + config.name(), config);
    if (metrics == null || openFiles == null || space == null || mounts == null) throw new IllegalArgumentException("CleanupJob needs all its dependencies");
    this.config = config;
    this.protectedPaths = List.copyOf(protectedPaths);
    this.metrics = metrics;
    this.openFiles = openFiles;
    this.space = space;
    this.mounts = mounts;
    metrics.track(config.name());
  }

  public CleanupConfig config() {
    return config;
  }

  @Override
  protected JobOutcome run(JobRunContext context) throws IOException {
    Instant cutoff = context.clock().instant().minus(config.olderThan());
    int budget = config.maxDeletions() == null ? Integer.MAX_VALUE : config.maxDeletions();
    Set<Object> open = openFiles.openFileKeys();
    Set<java.nio.file.Path> mountPoints = mounts.current();
    List<Map<String, Object>> perPath = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int count = 0;
    long bytes = 0;
    int limited = 0;
    for (String text : config.paths()) {
      CleanupGlob glob = CleanupGlob.parse(text);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("path", text);
      perPath.add(d);
      String refusal = CleanupRoots.refusal(glob.root(), protectedPaths);
      if (refusal != null) {
        errors.add(text + ": " + refusal);
        d.put("error", refusal);
        continue;
      }
      long needed = -1;
      if (config.minFree() != null) {
        long available;
        try {
          available = space.available(glob.root());
        } catch (IOException e) {
          d.put("note", "free space unknown (" + e.getMessage() + "); nothing deleted");
          continue;
        }
        d.put("available_bytes", available);
        if (available >= config.minFree().bytes()) {
          d.put("note", Format.bytes(available) + " available, not below min_free; nothing deleted");
          continue;
        }
        needed = config.minFree().bytes() - available;
      }
      TreeLister.Listing listing;
      try {
        listing = new TreeLister(open, mountPoints).list(glob);
      } catch (TreeLister.Refused e) {
        d.put("note", e.getMessage());
        if (!e.getMessage().endsWith("does not exist")) errors.add(text + ": " + e.getMessage());
        continue;
      }
      if (!listing.notes().isEmpty()) d.put("notes", head(listing.notes()));
      CleanupPlanner.Plan plan = CleanupPlanner.plan(listing.entries(), new CleanupPlanner.Policy(cutoff, budget, needed));
      if (!plan.kept().isEmpty()) d.put("kept", plan.kept());
      limited += plan.limited();
      if (config.dryRun()) {
        for (CleanupEntry e : plan.deletions()) listed.add(listing.root().resolve(e.relative()).toString());
        count += plan.deletions().size();
        bytes += plan.bytes();
        budget -= plan.deletions().size();
        d.put("would_delete", plan.deletions().size());
        d.put("would_free_bytes", plan.bytes());
        continue;
      }
      SafeDelete.Done done;
      try {
        done = SafeDelete.run(listing, plan.deletions(), cutoff, open);
      } catch (TreeLister.Refused e) {
        errors.add(text + ": " + e.getMessage());
        continue;
      }
      for (CleanupEntry e : done.deleted()) listed.add(listing.root().resolve(e.relative()).toString());
      count += done.deleted().size();
      bytes += done.bytes();
      budget -= done.deleted().size();
      metrics.deleted(config.name(), done.deleted().size(), done.bytes());
      d.put("deleted", done.deleted().size());
      d.put("freed_bytes", done.bytes());
      if (!done.skipped().isEmpty()) d.put("skipped", head(done.skipped()));
      if (!done.errors().isEmpty()) {
        d.put("errors", head(done.errors()));
        errors.addAll(done.errors());
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dry_run", config.dryRun());
    details.put(config.dryRun() ? "would_delete" : "deleted", count);
    details.put(config.dryRun() ? "would_free_bytes" : "freed_bytes", bytes);
    details.put(config.dryRun() ? "would_delete_paths" : "deleted_paths", head(listed));
    if (limited > 0) details.put("left_by_limits", limited);
    details.put("paths", perPath);
    String summary = summary(count, bytes, listed, limited);
    if (!errors.isEmpty()) return JobOutcome.failure(errors.size() + " problem(s): " + errors.get(0) + "; " + summary, details);
    return JobOutcome.success(summary, details);
  }

  private String summary(int count, long bytes, List<String> listed, int limited) {
    String what = (config.dryRun() ? "dry run: would delete " : "deleted ") + count + " entr" + (count == 1 ? "y" : "ies")
        + " (" + Format.bytes(bytes) + ")";
    if (config.dryRun() && !listed.isEmpty()) {
      what += ": " + String.join(", ", listed.subList(0, Math.min(5, listed.size())))
          + (listed.size() > 5 ? " (+" + (listed.size() - 5) + " more in the run's details)" : "");
    }
    if (limited > 0) what += "; " + limited + " more left by max_deletions/min_free";
    return what;
  }

  private static List<String> head(List<String> items) {
    if (items.size() <= LISTED) return List.copyOf(items);
    List<String> out = new ArrayList<>(items.subList(0, LISTED));
    out.add("… " + (items.size() - LISTED) + " more");
    return out;
  }
}
