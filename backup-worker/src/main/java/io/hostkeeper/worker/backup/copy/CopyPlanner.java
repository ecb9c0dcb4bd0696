package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.RetentionConfig;
import io.hostkeeper.worker.backup.Retention;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one copy needs, as a pure function of the local catalogue and the remote listing:
 * <ul>
 *   <li>uploads: every local archive the remote lacks (absent, or of another size), oldest first,
 *       except those the remote retention would delete at once;</li>
 *   <li>leftovers: temporary names of interrupted uploads of this backup, and side manifests whose
 *       archive is neither there nor about to be;</li>
 *   <li>deletions: what the remote retention removes from the listing as it will be after the
 *       uploads, never the newest archive whose remote size matches the catalogue (the newest
 *       verified copy), and only names this backup makes.</li>
 * </ul>
 * A remote file whose name this backup does not make is never touched.
 */
public final class CopyPlanner {

  /** A catalogued local archive. */
  public record Local(String name, Instant created, long size) {}

  /** What to do; archive deletions include their side manifests. */
  public record Plan(List<Local> uploads, List<Local> tooOld, List<String> leftovers, List<String> deletions,
      String newestVerified, int remoteArchivesAfter) {
    public Plan {
      uploads = List.copyOf(uploads);
      tooOld = List.copyOf(tooOld);
      leftovers = List.copyOf(leftovers);
      deletions = List.copyOf(deletions);
    }

    public boolean nothingToDo() {
      return uploads.isEmpty() && leftovers.isEmpty() && deletions.isEmpty();
    }
  }

  private final RemoteNames names;
  private final RetentionConfig retention;
  private final ZoneId zone;

  public CopyPlanner(String backup, RetentionConfig retention, ZoneId zone) {
    this.names = new RemoteNames(Objects.requireNonNull(backup));
    this.retention = retention;
    this.zone = Objects.requireNonNull(zone);
  }

  public Plan plan(List<Local> locals, List<CopyTarget.RemoteFile> remote, Instant now) {
    Map<String, Long> remoteSize = new HashMap<>();
    for (CopyTarget.RemoteFile f : remote) remoteSize.put(f.name(), f.size());
    Map<String, Local> localByName = new HashMap<>();
    for (Local l : locals) localByName.put(l.name(), l);

    // The remote as it will be once every missing archive is up; retention judges that.
    Map<String, Instant> after = new HashMap<>();
    for (CopyTarget.RemoteFile f : remote) names.archiveTime(f.name()).ifPresent(t -> after.put(f.name(), t));
    List<Local> missing = new ArrayList<>();
    for (Local l : locals) {
      Long size = remoteSize.get(l.name());
      if (size == null || size != l.size()) {
        missing.add(l);
        after.put(l.name(), l.created());
      }
    }
    List<Retention.Archive> archives = after.entrySet().stream()
        .map(e -> new Retention.Archive(e.getKey(), e.getValue())).toList();
    Retention.Decision decision = Retention.apply(archives, retention, zone, now);
    Set<String> dropped = new HashSet<>();
    for (Retention.Archive a : decision.remove()) dropped.add(a.id());

    List<Local> uploads = new ArrayList<>();
    List<Local> tooOld = new ArrayList<>();
    for (Local l : missing) (dropped.contains(l.name()) ? tooOld : uploads).add(l);
    uploads.sort(Comparator.comparing(Local::created).thenComparing(Local::name));
    tooOld.sort(Comparator.comparing(Local::created).thenComparing(Local::name));

    String newestVerified = null;
    Instant newestTime = null;
    for (CopyTarget.RemoteFile f : remote) {
      Local l = localByName.get(f.name());
      Instant t = names.archiveTime(f.name()).orElse(null);
      if (t == null || l == null || l.size() != f.size()) continue;
      if (newestTime == null || t.isAfter(newestTime) || (t.equals(newestTime) && f.name().compareTo(newestVerified) > 0)) {
        newestTime = t;
        newestVerified = f.name();
      }
    }

    Set<String> deletions = new LinkedHashSet<>();
    decision.remove().stream().sorted(Comparator.comparing(Retention.Archive::time))
        .map(Retention.Archive::id)
        .filter(remoteSize::containsKey)
        .forEach(deletions::add);
    if (newestVerified != null) deletions.remove(newestVerified);

    List<String> leftovers = new ArrayList<>();
    Set<String> uploading = new HashSet<>();
    for (Local l : uploads) uploading.add(l.name());
    for (CopyTarget.RemoteFile f : remote) {
      String n = f.name();
      if (names.isPart(n)) {
        leftovers.add(n);
      } else if (names.isManifest(n)) {
        String archive = n.substring(0, n.length() - RemoteNames.MANIFEST_SUFFIX.length());
        boolean kept = remoteSize.containsKey(archive) && !deletions.contains(archive);
        if (!kept && !uploading.contains(archive)) leftovers.add(n);
      }
    }
    leftovers.sort(null);
    int remaining = 0;
    for (String n : after.keySet()) {
      boolean willBeThere = remoteSize.containsKey(n) ? !deletions.contains(n) : uploading.contains(n);
      if (willBeThere) remaining++;
    }
    return new Plan(uploads, tooOld, leftovers, List.copyOf(deletions), newestVerified, remaining);
  }
}
