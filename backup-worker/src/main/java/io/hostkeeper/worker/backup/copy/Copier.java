package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.worker.backup.CatalogueEntry;
import io.hostkeeper.worker.backup.archive.Sha256;
import io.hostkeeper.worker.backup.copy.CopyFailure.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Brings one copy up to date over an open {@link CopyTarget}: removes leftovers of interrupted
 * uploads, uploads what the remote lacks (oldest first; temporary name, size check, optional
 * read-back, then rename), and applies the remote retention to a fresh listing taken after the
 * uploads. Stops at the first failure; what is already up stays up.
 */
public final class Copier {

  /** What a sync did (or, dry, would do). */
  public record Report(List<String> uploaded, long bytes, List<String> deleted, List<String> leftovers,
      List<String> tooOld, List<String> missingLocally, int remoteArchives, boolean dryRun) {}

  private final String backup;
  private final CopyConfig copy;
  private final CopyPlanner planner;
  private final RemoteNames names;

  public Copier(String backup, CopyConfig copy, ZoneId zone) {
    this.backup = backup;
    this.copy = copy;
    this.planner = new CopyPlanner(backup, copy.retention(), zone);
    this.names = new RemoteNames(backup);
  }

  /** @param bytesSent gets every increment of bytes sent, as it happens */
  public Report sync(CopyTarget target, List<CatalogueEntry> catalogue, Instant now, boolean dryRun, LongConsumer bytesSent)
      throws IOException {
    // a catalogued archive whose file is gone (deleted by hand) cannot be copied; it must not block the others
    List<String> missing = catalogue.stream().filter(e -> !Files.isRegularFile(e.path(), LinkOption.NOFOLLOW_LINKS))
        .map(CatalogueEntry::fileName).toList();
    List<CatalogueEntry> present = catalogue.stream().filter(e -> !missing.contains(e.fileName())).toList();
    Map<String, CatalogueEntry> byName = present.stream().collect(Collectors.toMap(CatalogueEntry::fileName, Function.identity(), (a, b) -> a));
    List<CopyPlanner.Local> locals = present.stream()
        .map(e -> new CopyPlanner.Local(e.fileName(), e.createdAt(), e.sizeBytes())).toList();
    List<CopyTarget.RemoteFile> listing = target.list();
    CopyPlanner.Plan plan = planner.plan(locals, listing, now);
    List<String> tooOld = plan.tooOld().stream().map(CopyPlanner.Local::name).toList();
    if (dryRun) {
      // what the run would delete once its uploads are up: plan again on the listing it would leave
      List<CopyTarget.RemoteFile> simulated = new ArrayList<>();
      for (CopyTarget.RemoteFile f : listing) {
        boolean replaced = plan.uploads().stream().anyMatch(l -> l.name().equals(f.name()));
        if (!plan.leftovers().contains(f.name()) && !replaced) simulated.add(f);
      }
      for (CopyPlanner.Local l : plan.uploads()) simulated.add(new CopyTarget.RemoteFile(l.name(), l.size()));
      CopyPlanner.Plan after = planner.plan(locals, simulated, now);
      return new Report(plan.uploads().stream().map(CopyPlanner.Local::name).toList(), 0, after.deletions(),
          plan.leftovers(), tooOld, missing, after.remoteArchivesAfter(), true);
    }
    for (String leftover : plan.leftovers()) target.delete(leftover);
    List<String> uploaded = new ArrayList<>();
    long[] total = {0};
    for (CopyPlanner.Local l : plan.uploads()) {
      CatalogueEntry e = byName.get(l.name());
      upload(target, e, n -> {
        total[0] += n;
        bytesSent.accept(n);
      });
      uploaded.add(l.name());
    }
    CopyPlanner.Plan after = planner.plan(locals, target.list(), now);
    List<String> deleted = new ArrayList<>();
    for (String name : after.deletions()) {
      if (!names.isArchive(name)) continue; // only ever names this backup makes
      target.delete(name);
      target.delete(RemoteNames.manifestOf(name));
      deleted.add(name);
    }
    return new Report(uploaded, total[0], deleted, plan.leftovers(), tooOld, missing, after.remoteArchivesAfter(), false);
  }

  private void upload(CopyTarget target, CatalogueEntry e, LongConsumer increments) throws IOException {
    String name = e.fileName();
    String part = RemoteNames.partOf(name);
    Path local = e.path();
    if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
      throw new CopyFailure(Reason.IO, "local archive " + local + " is missing; it cannot be copied (backup list marks it \"file missing\")");
    }
    target.delete(part);
    long[] last = {0};
    target.upload(local, part, sent -> {
      increments.accept(sent - last[0]);
      last[0] = sent;
    });
    long size = target.size(part);
    if (size != e.sizeBytes()) {
      target.delete(part);
      throw new CopyFailure(Reason.VERIFY, target.describe() + ": " + part + " has " + size + " bytes after upload, expected "
          + e.sizeBytes());
    }
    if (copy.verify() == io.hostkeeper.common.config.CopyConfig.Verify.FULL) {
      String sha = sha256(target, part);
      if (!sha.equals(e.sha256())) {
        target.delete(part);
        throw new CopyFailure(Reason.VERIFY, target.describe() + ": " + name + " read back with SHA-256 " + sha + ", expected " + e.sha256());
      }
    }
    Path manifest = e.destination().resolve(RemoteNames.manifestOf(name));
    if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
      String manifestPart = RemoteNames.partOf(RemoteNames.manifestOf(name));
      target.delete(manifestPart);
      target.upload(manifest, manifestPart, sent -> {});
      target.rename(manifestPart, RemoteNames.manifestOf(name));
    }
    target.rename(part, name);
    long finalSize = target.size(name);
    if (finalSize != e.sizeBytes()) {
      throw new CopyFailure(Reason.VERIFY, target.describe() + ": " + name + " has " + finalSize + " bytes after rename, expected " + e.sizeBytes());
    }
  }

  /** SHA-256 of a remote file, read back in a stream. */
  public static String sha256(CopyTarget target, String name) throws IOException {
    var sha = Sha256.digest();
    byte[] buf = new byte[256 * 1024];
    try (InputStream in = target.read(name)) {
      int n;
      while ((n = in.read(buf)) > 0) sha.update(buf, 0, n);
    } catch (IOException ex) {
      if (ex instanceof CopyFailure f) throw f;
      throw new CopyFailure(Reason.IO, target.describe() + ": reading back " + name + " failed: " + Errors.message(ex), ex);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  public String backup() {
    return backup;
  }

  public CopyConfig copy() {
    return copy;
  }
}
