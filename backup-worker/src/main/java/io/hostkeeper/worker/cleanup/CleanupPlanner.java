package io.hostkeeper.worker.cleanup;

import io.hostkeeper.worker.cleanup.CleanupEntry.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a cleanup run deletes, from a listing and the policy: pure, no I/O.
 *
 * <ul>
 *   <li>Files and links (the link itself, never its target) that the glob selected, on the root's
 *       file system, held open by no process and modified before the cutoff; oldest first.
 *   <li>Then directories the glob selected, modified before the cutoff, listed completely and
 *       with everything inside them deleted by this plan (empty ones included); deepest first.
 *   <li>FIFOs, sockets and devices never; the root never.
 *   <li>At most {@code maxDeletions}; with {@code bytesNeeded}, files stop once their sizes add up
 *       to it, and a directory that held nothing goes only while bytes are still needed.
 * </ul>
 */
public final class CleanupPlanner {

  /**
   * @param cutoff entries modified at or after this stay
   * @param maxDeletions the most deletions of the run
   * @param bytesNeeded stop once the files chosen add up to this; negative: no such limit
   */
  public record Policy(Instant cutoff, int maxDeletions, long bytesNeeded) {
    public Policy {
      if (cutoff == null) throw new IllegalArgumentException("no cutoff");
      if (maxDeletions < 0) throw new IllegalArgumentException("maxDeletions must not be negative");
    }
  }

  /**
   * @param deletions in the order to carry them out (files, then directories deepest first)
   * @param bytes sum of the sizes of the files and links deleted
   * @param kept why selected entries stay (reason → count)
   * @param limited eligible entries left because of max_deletions or min_free
   */
  public record Plan(List<CleanupEntry> deletions, long bytes, Map<String, Integer> kept, int limited) {
    public Plan {
      deletions = List.copyOf(deletions);
      kept = Map.copyOf(kept);
    }
  }

  private CleanupPlanner() {}

  public static Plan plan(List<CleanupEntry> entries, Policy policy) {
    Map<String, Integer> kept = new TreeMap<>();
    List<CleanupEntry> files = new ArrayList<>();
    List<CleanupEntry> dirs = new ArrayList<>();
    Map<List<String>, List<CleanupEntry>> children = new HashMap<>();
    for (CleanupEntry e : entries) {
      children.computeIfAbsent(e.parent(), k -> new ArrayList<>()).add(e);
      if (!e.selected()) continue;
      String reason = keepReason(e, policy.cutoff());
      if (reason != null) {
        kept.merge(reason, 1, Integer::sum);
      } else if (e.kind() == Kind.DIR) {
        dirs.add(e);
      } else {
        files.add(e);
      }
    }
    files.sort(Comparator.comparing(CleanupEntry::modified).thenComparing(CleanupEntry::relative));
    List<CleanupEntry> chosen = new ArrayList<>();
    Set<List<String>> gone = new HashSet<>();
    long bytes = 0;
    int limited = 0;
    for (CleanupEntry f : files) {
      boolean enough = policy.bytesNeeded() >= 0 && bytes >= policy.bytesNeeded();
      if (chosen.size() >= policy.maxDeletions() || enough) {
        limited++;
        continue;
      }
      chosen.add(f);
      gone.add(f.parts());
      bytes += f.size();
    }
    dirs.sort(Comparator.comparing((CleanupEntry d) -> -d.parts().size()).thenComparing(CleanupEntry::relative));
    for (CleanupEntry d : dirs) {
      List<CleanupEntry> inside = children.getOrDefault(d.parts(), List.of());
      if (!inside.stream().allMatch(c -> gone.contains(c.parts()))) {
        kept.merge("directory not emptied", 1, Integer::sum);
        continue;
      }
      boolean enough = policy.bytesNeeded() >= 0 && bytes >= policy.bytesNeeded();
      if (chosen.size() >= policy.maxDeletions() || (inside.isEmpty() && enough)) {
        limited++;
        continue;
      }
      chosen.add(d);
      gone.add(d.parts());
    }
    return new Plan(chosen, bytes, kept, limited);
  }

  /** Null when the entry may go (directories: as far as they themselves are concerned). */
  static String keepReason(CleanupEntry e, Instant cutoff) {
    if (e.kind() == Kind.OTHER) return "not a file, link or directory";
    if (!e.sameDevice()) return "on another file system";
    if (!e.modified().isBefore(cutoff)) return "newer than older_than";
    if (e.open()) return "open by a process";
    if (e.kind() == Kind.DIR && !e.complete()) return "directory not listed completely";
    return null;
  }
}
