package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.RetentionConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * restic-style retention as a pure function. Archives are taken newest first; {@code keep_last N}
 * keeps the N newest; each {@code keep_hourly/daily/weekly/monthly/yearly N} keeps the newest
 * archive of each of the N most recent hours/days/ISO weeks/months/years that have one (in the
 * given zone). An archive is kept when any rule keeps it (OR). In addition:
 * <ul>
 *   <li>the newest archive that is not dated in the future is always kept;</li>
 *   <li>archives dated after {@code now} (clock trouble) are kept and use up no rule;</li>
 *   <li>an absent or empty policy keeps everything.</li>
 * </ul>
 * The caller passes catalogued archives only, so nothing outside the catalogue is ever a candidate.
 */
public final class Retention {
  private Retention() {}

  public record Archive(String id, Instant time) {}

  public record Decision(Map<Archive, List<String>> keep, List<Archive> remove) {
    public Decision {
      keep = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keep));
      remove = List.copyOf(remove);
    }
  }

  public static Decision apply(List<Archive> archives, RetentionConfig policy, ZoneId zone, Instant now) {
    List<Archive> sorted = new ArrayList<>(archives);
    sorted.sort(Comparator.comparing(Archive::time).thenComparing(Archive::id).reversed());
    Map<Archive, List<String>> keep = new LinkedHashMap<>();
    if (policy == null || policy.isEmpty()) {
      for (Archive a : sorted) reason(keep, a, "no retention policy");
      return new Decision(keep, List.of());
    }
    List<Archive> candidates = new ArrayList<>();
    for (Archive a : sorted) {
      if (a.time().isAfter(now)) reason(keep, a, "dated in the future");
      else candidates.add(a);
    }
    if (!candidates.isEmpty()) reason(keep, candidates.get(0), "newest");
    if (policy.keepLast() != null) {
      for (int i = 0; i < Math.min(policy.keepLast(), candidates.size()); i++) reason(keep, candidates.get(i), "last");
    }
    bucketRule(keep, candidates, policy.keepHourly(), "hourly", t -> t.getYear() * 1_000_000L + t.getDayOfYear() * 100L + t.getHour(), zone);
    bucketRule(keep, candidates, policy.keepDaily(), "daily", t -> t.getYear() * 1000L + t.getDayOfYear(), zone);
    bucketRule(keep, candidates, policy.keepWeekly(), "weekly",
        t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), zone);
    bucketRule(keep, candidates, policy.keepMonthly(), "monthly", t -> t.getYear() * 100L + t.getMonthValue(), zone);
    bucketRule(keep, candidates, policy.keepYearly(), "yearly", t -> (long) t.getYear(), zone);
    List<Archive> remove = new ArrayList<>();
    for (Archive a : candidates) if (!keep.containsKey(a)) remove.add(a);
    return new Decision(keep, remove);
  }

  private static void bucketRule(Map<Archive, List<String>> keep, List<Archive> newestFirst, Integer count,
      String name, Function<ZonedDateTime, Long> bucket, ZoneId zone) {
    if (count == null) return;
    int left = count;
    Long last = null;
    for (Archive a : newestFirst) {
      if (left <= 0) break;
      long b = bucket.apply(a.time().atZone(zone));
      if (last == null || b != last) {
        reason(keep, a, name);
        last = b;
        left--;
      }
    }
  }

  private static void reason(Map<Archive, List<String>> keep, Archive a, String why) {
    keep.computeIfAbsent(a, k -> new ArrayList<>()).add(why);
  }
}
