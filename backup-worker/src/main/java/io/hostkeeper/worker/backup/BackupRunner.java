package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.fs.SafeFiles;
import io.hostkeeper.worker.backup.archive.ArchiveContent;
import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import io.hostkeeper.worker.backup.archive.Manifest;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.RecipientKey;
import io.hostkeeper.worker.backup.pgp.RecipientKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Runs one configured backup: loads the recipients, takes the destination's lock, removes what an
 * interrupted earlier run left, writes and verifies the archive, records it in the catalogue, then
 * applies retention and the destination quota. Also prunes on its own (CLI {@code backup prune}).
 */
public final class BackupRunner {

  /** What a successful run did. */
  public record Result(CatalogueEntry archive, Manifest manifest, int leftoversRemoved, Pruning pruning) {}

  /**
   * What retention and the destination quota decided, and did unless a dry run. pruneError is null
   * when deletion went fine; quotaError is null unless the quota cannot be met with the newest
   * archive alone (that archive is kept).
   */
  public record Pruning(Retention.Decision decision, List<CatalogueEntry> removed, boolean dryRun, String pruneError,
      String quotaError) {
    public Pruning(Retention.Decision decision, List<CatalogueEntry> removed, boolean dryRun, String pruneError) {
      this(decision, removed, dryRun, pruneError, null);
    }
  }

  /** Another run of the same backup holds the destination's lock. */
  public static final class Busy extends IOException {
    public Busy(String message) {
      super(message);
    }
  }

  private final BackupConfig config;
  private final BackupCatalogue catalogue;
  private final Path scratchDir;
  private final Clock clock;
  private final ArchiveWriter writer;
  private final ArchiveContent.FileOpener opener;
  private final Path dataDir;

  public BackupRunner(BackupConfig config, BackupCatalogue catalogue, Path scratchRoot, Clock clock,
      ArchiveWriter.StreamWrapper wrapper, ArchiveContent.FileOpener opener) {
    this(config, catalogue, null, scratchRoot, clock, wrapper, opener);
  }

  /**
   * @param dataDir the worker's data directory, never archived (null: only {@code scratchRoot} is left out)
   * @param scratchRoot where SQLite snapshots are taken (inside the data directory)
   */
  public BackupRunner(BackupConfig config, BackupCatalogue catalogue, Path dataDir, Path scratchRoot, Clock clock,
      ArchiveWriter.StreamWrapper wrapper, ArchiveContent.FileOpener opener) {
    this.dataDir = dataDir;
    this.config = Objects.requireNonNull(config);
    this.catalogue = Objects.requireNonNull(catalogue);
    this.scratchDir = scratchRoot.resolve("backup-" + config.name());
    this.clock = Objects.requireNonNull(clock);
    this.writer = new ArchiveWriter(wrapper);
    this.opener = opener;
  }

  public BackupConfig config() {
    return config;
  }

  public Result run() throws IOException, KeyProblem {
    Instant started = clock.instant();
    List<RecipientKey> recipients = new ArrayList<>();
    for (Path file : config.recipients()) recipients.addAll(RecipientKeys.load(file, started));
    Path dest = config.destination().toAbsolutePath();
    try {
      // A destination the admin made (possibly through a link) is used as it is; a new one is 0700.
      if (!Files.isDirectory(dest)) SafeFiles.createDirectories(dest, SafeFiles.PRIVATE_DIR);
    } catch (IOException e) {
      throw new IOException("destination " + dest + " cannot be created (" + e + "); create it or fix the path", e);
    }
    if (!Files.isDirectory(dest)) throw new IOException("destination " + dest + " is not a directory");
    try (Lock ignored = lock(dest)) {
      int leftovers = removeLeftovers(dest);
      String name = freeName(dest, started);
      ArchiveContent content = new ArchiveContent(config.sources(), config.onUnreadable(), scratchDir, opener, excluded(dest));
      Manifest m;
      try {
        m = writer.write(new ArchiveWriter.Request(config.name(), dest, name, config.compression(),
            config.compressionLevel(), recipients, content, started, config.timeout()));
      } catch (java.nio.file.AccessDeniedException e) {
        throw new IOException("destination " + dest + " is not writable (" + e.getMessage() + "); fix its permissions", e);
      }
      Instant done = clock.instant();
      CatalogueEntry entry = new CatalogueEntry(0, config.name(), name, dest, started, done,
          Duration.between(started, done).toNanos() / 1e9, m.ciphertext().size(), m.ciphertext().sha256(),
          m.plaintext().size(), m.plaintext().sha256(), m.members().size(), m.problems().size(), m.toJson());
      long id = catalogue.add(entry);
      CatalogueEntry saved = catalogue.find(config.name(), name).orElseThrow();
      Pruning pruning = pruneLocked(false, id);
      return new Result(saved, m, leftovers, pruning);
    }
  }

  /** The directories a walk never enters: this destination, and the worker's data (or scratch) directory. */
  private List<ArchiveContent.Excluded> excluded(Path dest) {
    List<ArchiveContent.Excluded> x = new ArrayList<>();
    x.add(new ArchiveContent.Excluded(dest, "the destination of backup " + config.name() + " (archives are never archived)"));
    x.add(new ArchiveContent.Excluded(dataDir != null ? dataDir : scratchDir,
        "the worker's data directory (back up state.db with an sqlite: source)"));
    return x;
  }

  /**
   * Narrows catalogued archives and their side manifests that are readable by others (written by an
   * earlier version) to 0600, never through a link. Returns one line per file changed.
   */
  public List<String> tightenArchives() {
    List<String> changed = new ArrayList<>();
    List<CatalogueEntry> entries;
    try {
      entries = catalogue.list(config.name());
    } catch (RuntimeException e) {
      return List.of("archives not checked (" + e.getMessage() + ")");
    }
    for (CatalogueEntry e : entries) {
      for (Path p : List.of(e.path(), e.destination().resolve(e.fileName() + ArchiveWriter.MANIFEST_SUFFIX))) {
        try {
          String was = SafeFiles.tightenNoFollow(p, SafeFiles.PRIVATE_FILE);
          if (was != null) changed.add(p + " was " + was + ", now rw-------");
        } catch (IOException ex) {
          changed.add(p + " left as it is: " + ex.getMessage());
        }
      }
    }
    return changed;
  }

  /**
   * Removes what an interrupted run of this backup left (for worker start-up). Returns how many
   * files went; 0 when the destination does not exist yet; throws {@link Busy} when a run holds
   * the lock.
   */
  public int cleanUp() throws IOException {
    Path dest = config.destination().toAbsolutePath();
    if (!Files.isDirectory(dest)) return 0;
    try (Lock ignored = lock(dest)) {
      return removeLeftovers(dest);
    }
  }

  /** Applies retention; with {@code dryRun} only reports. */
  public Pruning prune(boolean dryRun) throws IOException {
    Path dest = config.destination().toAbsolutePath();
    if (dryRun) return pruneLocked(true, -1);
    try (Lock ignored = lock(dest)) {
      return pruneLocked(false, -1);
    }
  }

  private Pruning pruneLocked(boolean dryRun, long justWritten) {
    List<CatalogueEntry> entries = catalogue.list(config.name());
    List<Retention.Archive> archives = entries.stream()
        .map(e -> new Retention.Archive(Long.toString(e.id()), e.createdAt())).toList();
    ZoneId zone = config.timeZone() == null ? clock.getZone() : config.timeZone();
    Retention.Decision d = Retention.apply(archives, config.retention(), zone, clock.instant());
    List<CatalogueEntry> removed = new ArrayList<>();
    String error = null;
    for (Retention.Archive a : d.remove()) {
      CatalogueEntry e = entries.stream().filter(x -> Long.toString(x.id()).equals(a.id())).findFirst().orElseThrow();
      if (e.id() == justWritten) continue; // never delete what this run just made
      String problem = delete(e, dryRun, removed);
      if (problem != null) error = problem;
    }
    String quotaError = null;
    // The quota applies to what retention left (an archive retention failed to delete still counts).
    List<CatalogueEntry> left = entries.stream().filter(e -> !removed.contains(e)).toList();
    if (config.destinationQuota() != null && !left.isEmpty()) {
      // Protected: the archive this run wrote; for a prune on its own, the newest.
      CatalogueEntry newest = justWritten >= 0
          ? left.stream().filter(e -> e.id() == justWritten).findFirst().orElseThrow()
          : left.stream().max(java.util.Comparator.comparing(CatalogueEntry::createdAt).thenComparing(CatalogueEntry::id)).orElseThrow();
      Quota.Decision q = Quota.apply(left.stream().map(e -> new Quota.Archive(Long.toString(e.id()), e.createdAt(), e.sizeBytes())).toList(),
          config.destinationQuota().bytes(), Long.toString(newest.id()));
      if (!q.met()) {
        quotaError = "destination_quota " + io.hostkeeper.common.web.Format.bytes(q.quotaBytes()) + " (" + q.quotaBytes()
            + " bytes) of backup " + config.name() + " cannot be met: the newest archive " + newest.fileName() + " alone is "
            + io.hostkeeper.common.web.Format.bytes(newest.sizeBytes()) + " (" + newest.sizeBytes()
            + " bytes); it is kept and nothing was pruned for the quota; raise destination_quota or back up less";
      }
      for (Quota.Archive a : q.remove()) {
        CatalogueEntry e = left.stream().filter(x -> Long.toString(x.id()).equals(a.id())).findFirst().orElseThrow();
        String problem = delete(e, dryRun, removed);
        if (problem != null) error = problem;
      }
    }
    return new Pruning(d, removed, dryRun, error, quotaError);
  }

  /** Deletes one catalogued archive with its side manifest; returns the problem, or null. */
  private String delete(CatalogueEntry e, boolean dryRun, List<CatalogueEntry> removed) {
    if (dryRun) {
      removed.add(e);
      return null;
    }
    try {
      Files.deleteIfExists(e.path());
      Files.deleteIfExists(e.destination().resolve(e.fileName() + ArchiveWriter.MANIFEST_SUFFIX));
      catalogue.remove(e.id());
      removed.add(e);
      return null;
    } catch (IOException | RuntimeException ex) {
      return "could not delete " + e.path() + ": " + ex.getMessage();
    }
  }

  private String freeName(Path dest, Instant started) {
    for (int attempt = 1; ; attempt++) {
      String n = ArchiveNames.fileName(config.name(), started, config.compression(), attempt);
      if (!Files.exists(dest.resolve(n)) && catalogue.find(config.name(), n).isEmpty()) return n;
    }
  }

  /** Deletes temporary files an interrupted run of this backup left (in the destination and scratch). */
  int removeLeftovers(Path dest) throws IOException {
    Pattern mine = Pattern.compile(Pattern.quote(ArchiveWriter.TEMP_PREFIX + config.name() + "-")
        + "\\d{8}T\\d{6}Z(-\\d+)?\\.tar(\\.zst|\\.gz)?\\.gpg(" + Pattern.quote(ArchiveWriter.MANIFEST_SUFFIX) + ")?");
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dest)) {
      for (Path p : files) {
        if (mine.matcher(p.getFileName().toString()).matches() && Files.deleteIfExists(p)) removed++;
      }
    }
    if (Files.isDirectory(scratchDir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(scratchDir)) {
        for (Path p : files) if (Files.deleteIfExists(p)) removed++;
      }
    }
    return removed;
  }

  private Lock lock(Path dest) throws IOException {
    Path lockFile = dest.resolve(".hk-lock-" + config.name());
    FileChannel ch;
    try {
      ch = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          java.nio.file.LinkOption.NOFOLLOW_LINKS), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(SafeFiles.PRIVATE_FILE));
    } catch (IOException e) {
      throw new IOException("destination " + dest + " is not writable (cannot create " + lockFile.getFileName()
          + ": " + e.getMessage() + "); fix its permissions", e);
    }
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new Busy("another run of backup " + config.name() + " is in progress (lock " + lockFile + ")");
    }
    return new Lock(ch, l);
  }

  private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
