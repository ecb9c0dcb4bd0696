package io.hostkeeper.worker.backup.archive;

import io.hostkeeper.worker.backup.pgp.KeyProblem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;

/**
 * Restores (or, with no target, verifies) an archive: decrypts, decompresses and reads the tar as a
 * stream, hashing every member, the plaintext and the ciphertext, and checks them against the
 * manifest embedded in the archive and, when it lists members, the one beside it. Every member goes
 * through {@link MemberPolicy}, the same decision for restore and verify: an unsafe archive
 * (absolute names, {@code ..}, members at or below its own symlinks) is refused by restore and
 * reported by verify. Files go to temporary names and get their real names only when the whole
 * archive has passed its integrity checks and their hash matches the manifest; symlinks are created
 * last, only when they resolve inside the target against the disk. Nothing is written outside the
 * target, nothing is set through a link, and nothing is overwritten unless forced.
 */
public final class ArchiveRestorer {

  /** The outcome: counts, every problem found (empty means everything checked out), and the backup's own notes. */
  public record Report(int files, int directories, int symlinks, long bytes, boolean sideManifestChecked,
      List<String> problems, List<String> notes) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** A target that would be overwritten without --force, or that other users could change. */
  public static class Refused extends IOException {
    public Refused(String message) {
      super(message);
    }
  }

  /** An archive that restore refuses as a whole (verify reports the same as a problem). */
  public static final class Unsafe extends Refused {
    public Unsafe(String message) {
      super(message);
    }
  }

  /** The file is not one this tool can read: not OpenPGP, or no tar inside. */
  public static final class NotAnArchive extends IOException {
    public NotAnArchive(String message) {
      super(message);
    }
  }

  /**
   * How to run.
   * @param target where to restore; null verifies only
   * @param only paths of a partial restore (empty: everything)
   * @param progress receives the number of ciphertext bytes read so far (may be null)
   * @param lister receives every member as it is read (may be null; for {@code backup contents})
   * @param manifestLimit the largest manifest (embedded or beside the archive) read, in bytes
   */
  public record Options(Path target, boolean force, boolean allowAbsoluteLinks, List<String> only,
      LongConsumer progress, Consumer<Manifest.Member> lister, long manifestLimit) {
    public Options {
      only = only == null ? List.of() : List.copyOf(only);
    }

    public static Options verify() {
      return new Options(null, false, false, List.of(), null, null, defaultManifestLimit());
    }

    public Options withTarget(Path t, boolean f) {
      return new Options(t, f, allowAbsoluteLinks, only, progress, lister, manifestLimit);
    }

    public Options withAbsoluteLinks(boolean allow) {
      return new Options(target, force, allow, only, progress, lister, manifestLimit);
    }

    public Options withOnly(List<String> paths) {
      return new Options(target, force, allowAbsoluteLinks, paths, progress, lister, manifestLimit);
    }

    public Options withProgress(LongConsumer p) {
      return new Options(target, force, allowAbsoluteLinks, only, p, lister, manifestLimit);
    }

    public Options withLister(Consumer<Manifest.Member> l) {
      return new Options(target, force, allowAbsoluteLinks, only, progress, l, manifestLimit);
    }
  }

  /** An eighth of the heap, at least 16 MiB, at most 256 MiB (over a million members): a manifest never exhausts memory. */
  public static long defaultManifestLimit() {
    return Math.max(16L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));
  }

  private ArchiveRestorer() {}

  public static Report run(Path archive, PGPSecretKeyRingCollection keys, char[] passphrase, Path target,
      boolean force, LongConsumer progress) throws IOException, KeyProblem {
    return run(archive, keys, passphrase, Options.verify().withTarget(target, force).withProgress(progress));
  }

  public static Report run(Path archive, PGPSecretKeyRingCollection keys, char[] passphrase, Options o)
      throws IOException, KeyProblem {
    List<String> problems = new ArrayList<>();
    Path sidePath = archive.resolveSibling(archive.getFileName() + ArchiveWriter.MANIFEST_SUFFIX);
    Manifest side = ManifestCheck.readSide(sidePath, o.manifestLimit(), problems);
    MemberPolicy policy = new MemberPolicy(o.allowAbsoluteLinks(), o.only());
    RestoreTarget disk = null;
    boolean complete = false;
    try (ArchiveStream in = ArchiveStream.open(archive, keys, passphrase, o.progress())) {
      // the key and the format are checked before the target is touched
      if (o.target() != null) disk = RestoreTarget.prepare(o.target(), o.force());
      Run run = new Run(o, policy, disk, problems);
      run.readAll(in);
      in.drain();
      complete = true;
      Manifest embedded = run.embedded;
      if (embedded == null) problems.add("the archive holds no " + Manifest.MEMBER_NAME + "; member hashes not checked");
      else ManifestCheck.compare("embedded manifest", embedded, run.hashes, problems);
      if (side != null) ManifestCheck.compareSide(sidePath.getFileName().toString(), side, run.hashes, in, problems);
      if (disk != null) run.finish(embedded, side);
      else verifyLinks(policy).stream().filter(d -> !d.create()).forEach(d -> problems.add(d.problem()));
      for (String p : policy.unmatchedSelection()) problems.add(p + ": no such path in the archive");
      List<String> notes = new ArrayList<>();
      if (embedded != null) embedded.problems().forEach(p -> notes.add(p.path() + ": " + p.problem()));
      return new Report(run.files, run.directories, run.links, run.bytes, side != null,
          List.copyOf(problems), List.copyOf(notes));
    } finally {
      if (disk != null && !complete) disk.discardTemps();
    }
  }

  /** The state of one pass over the tar. */
  private static final class Run {
    final Options o;
    final MemberPolicy policy;
    final RestoreTarget disk;
    final List<String> problems;
    final Map<String, String> hashes = new HashMap<>();
    final List<RestoreTarget.PendingFile> pending = new ArrayList<>();
    final List<String[]> hardLinks = new ArrayList<>();
    final List<TarArchiveEntry> dirs = new ArrayList<>();
    final byte[] buf = new byte[1 << 16];
    Manifest embedded;
    int files;
    int directories;
    int links;
    long bytes;

    Run(Options o, MemberPolicy policy, RestoreTarget disk, List<String> problems) {
      this.o = o;
      this.policy = policy;
      this.disk = disk;
      this.problems = problems;
    }

    void readAll(ArchiveStream in) throws IOException {
      TarArchiveEntry e;
      while ((e = in.tar.getNextEntry()) != null) {
        if (e.getName().equals(Manifest.MEMBER_NAME)) {
          embedded = ManifestCheck.readEmbedded(in.tar, e.getSize(), o.manifestLimit());
          continue;
        }
        MemberPolicy.Kind kind = kind(e);
        MemberPolicy.Verdict v = policy.admit(e.getName(), kind, e.getLinkName());
        if (v.outcome() == MemberPolicy.Outcome.UNSAFE) {
          if (disk != null) throw new Unsafe(v.message() + "; refusing the archive, no file was restored");
          problems.add("restore would refuse this archive: " + v.message());
          continue;
        }
        if (v.message() != null) problems.add(v.message());
        boolean write = disk != null && v.outcome() == MemberPolicy.Outcome.ACCEPT && v.selected();
        String sha = null;
        switch (kind) {
          case DIR -> {
            directories++;
            if (write) {
              disk.directories(v.name());
              dirs.add(e);
            }
          }
          case SYMLINK -> {
            links++;
            hashes.put(v.name(), "link:" + e.getLinkName());
          }
          case FILE -> {
            files++;
            sha = copy(in, v.name(), e, write);
            hashes.put(v.name(), sha);
          }
          case HARDLINK -> {
            if (write) hardLinks.add(new String[] {v.name(), MemberPolicy.canonical(e.getLinkName())});
          }
          default -> { }
        }
        if (o.lister() != null && !v.name().isEmpty()) o.lister().accept(member(v.name(), kind, e, sha));
      }
    }

    private String copy(ArchiveStream in, String name, TarArchiveEntry e, boolean write) throws IOException {
      MessageDigest sha = Sha256.digest();
      FileChannel ch = write ? disk.create(name, e.getMode(), FileTime.from(e.getLastModifiedTime().toInstant()), pending) : null;
      try (OutputStream out = ch == null ? OutputStream.nullOutputStream() : Channels.newOutputStream(ch)) {
        int n;
        while ((n = in.tar.read(buf)) > 0) {
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
          bytes += n;
        }
        if (ch != null) ch.force(false);
      }
      return HexFormat.of().formatHex(sha.digest());
    }

    /** After the whole archive checked out: real names for verified files, then links, then directory modes. */
    void finish(Manifest embedded, Manifest side) {
      Map<String, String> want = ManifestCheck.fileHashes(embedded);
      Map<String, String> wantSide = side == null ? Map.of() : ManifestCheck.fileHashes(side);
      for (RestoreTarget.PendingFile f : pending) {
        String got = hashes.get(f.name());
        boolean matches = (embedded == null || got.equals(want.get(f.name())))
            && (!wantSide.containsKey(f.name()) || got.equals(wantSide.get(f.name())));
        String p = matches ? disk.publish(f) : f.name() + ": content does not match the manifest; not restored";
        if (p != null) problems.add(p);
      }
      disk.discardTemps();
      for (String[] h : hardLinks) {
        String p = disk.hardlink(h[0], h[1]);
        if (p != null) problems.add(p);
      }
      for (MemberPolicy.LinkDecision d : policy.finishLinks(disk::diskLinkAt)) {
        String p = d.create() ? disk.symlink(d.name(), d.target()) : d.problem();
        if (p != null) problems.add(p);
      }
      for (int i = dirs.size() - 1; i >= 0; i--) {
        TarArchiveEntry d = dirs.get(i);
        String p = disk.directoryAttributes(MemberPolicy.canonical(d.getName()), d.getMode(),
            FileTime.from(d.getLastModifiedTime().toInstant()));
        if (p != null) problems.add(p);
      }
    }
  }

  /** Verify has no disk: the links it reports are decided against the archive's own tree. */
  static List<MemberPolicy.LinkDecision> verifyLinks(MemberPolicy policy) {
    return policy.finishLinks(p -> null);
  }

  static MemberPolicy.Kind kind(TarArchiveEntry e) {
    if (e.isSymbolicLink()) return MemberPolicy.Kind.SYMLINK;
    if (e.isLink()) return MemberPolicy.Kind.HARDLINK;
    if (e.isDirectory()) return MemberPolicy.Kind.DIR;
    if (e.isCharacterDevice()) return MemberPolicy.Kind.CHAR_DEVICE;
    if (e.isBlockDevice()) return MemberPolicy.Kind.BLOCK_DEVICE;
    if (e.isFIFO()) return MemberPolicy.Kind.FIFO;
    byte flag = e.getLinkFlag();
    if (flag == '0' || flag == 0 || flag == '7') return MemberPolicy.Kind.FILE;
    return MemberPolicy.Kind.OTHER;
  }

  private static Manifest.Member member(String name, MemberPolicy.Kind kind, TarArchiveEntry e, String sha) {
    String type = switch (kind) {
      case FILE -> "file";
      case DIR -> "dir";
      case SYMLINK -> "symlink";
      case HARDLINK -> "hardlink";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    };
    String link = kind == MemberPolicy.Kind.SYMLINK || kind == MemberPolicy.Kind.HARDLINK ? e.getLinkName() : null;
    return new Manifest.Member(kind == MemberPolicy.Kind.DIR ? name + "/" : name, type, kind == MemberPolicy.Kind.FILE ? e.getSize() : 0,
        sha, e.getMode() & 07777, e.getLastModifiedTime().toInstant().getEpochSecond(), link);
  }
}
