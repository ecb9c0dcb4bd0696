package io.hostkeeper.worker.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The destination quota as a pure function, applied after {@link Retention} to the archives it
 * kept. The used size is the sum of the archives' catalogued sizes (side manifests, a few KiB each,
 * are not counted). While the sum exceeds the quota the oldest archive goes, never the protected
 * one (the archive the run just wrote, or the newest). When the quota cannot be met even with the
 * protected archive alone, nothing is removed: deleting older good archives would not bring the
 * destination under the quota, so the run fails instead and the admin decides.
 */
public final class Quota {
  private Quota() {}

  public record Archive(String id, Instant time, long sizeBytes) {
    public Archive {
      Objects.requireNonNull(id);
      Objects.requireNonNull(time);
      if (sizeBytes < 0) throw new IllegalArgumentException("size must not be negative");
    }
  }

  /**
   * @param remove oldest first
   * @param usedBytes the sum after the removals
   * @param met false when even the protected archive alone exceeds the quota (then remove is empty)
   */
  public record Decision(List<Archive> remove, long usedBytes, long quotaBytes, boolean met) {
    public Decision {
      remove = List.copyOf(remove);
    }
  }

  /**
   * @param protectedId the archive never removed; null: the newest archive
   */
  public static Decision apply(List<Archive> archives, long quotaBytes, String protectedId) {
    if (quotaBytes <= 0) throw new IllegalArgumentException("quota must be larger than 0");
    List<Archive> oldestFirst = new ArrayList<>(archives);
    oldestFirst.sort(Comparator.comparing(Archive::time).thenComparing(Archive::id));
    String keep = protectedId != null ? protectedId
        : oldestFirst.isEmpty() ? null : oldestFirst.get(oldestFirst.size() - 1).id();
    long used = 0;
    for (Archive a : oldestFirst) used += a.sizeBytes();
    long protectedSize = oldestFirst.stream().filter(a -> a.id().equals(keep)).mapToLong(Archive::sizeBytes).sum();
    if (protectedSize > quotaBytes) return new Decision(List.of(), used, quotaBytes, false);
    List<Archive> remove = new ArrayList<>();
    for (Archive a : oldestFirst) {
      if (used <= quotaBytes) break;
      if (a.id().equals(keep)) continue;
      remove.add(a);
      used -= a.sizeBytes();
    }
    return new Decision(remove, used, quotaBytes, true);
  }
}
