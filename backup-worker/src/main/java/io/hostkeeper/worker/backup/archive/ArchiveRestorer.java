package io.hostkeeper.worker.backup.archive;

import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;

/**
 * Restores (or, with no target, verifies) an archive: decrypts, decompresses and reads the tar as a
 * stream, hashing every member, the plaintext and the ciphertext, and checks them against the
 * manifest embedded in the archive and, when present, the one beside it. Entry names with '..' or
 * absolute paths abort the restore; symlinks pointing outside the target are not created and are
 * reported. Nothing is ever written outside the target, and nothing is overwritten unless forced.
 */
public final class ArchiveRestorer {

  /** The outcome: counts, and every problem found (empty means everything checked out). */
  public record Report(int files, int directories, int symlinks, long bytes, boolean sideManifestChecked,
      List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** A target that would be overwritten without --force, or an archive entry that is unsafe. */
  public static final class Refused extends IOException {
    public Refused(String message) {
      super(message);
    }
  }

  private ArchiveRestorer() {}

  /**
   * @param target where to restore; null verifies only
   * @param progress receives the number of ciphertext bytes read so far (may be null)
   */
  public static Report run(Path archive, PGPSecretKeyRingCollection keys, char[] passphrase, Path target,
      boolean force, LongConsumer progress) throws IOException, KeyProblem {
    Manifest side = null;
    Path sidePath = archive.resolveSibling(archive.getFileName() + ArchiveWriter.MANIFEST_SUFFIX);
    if (Files.isRegularFile(sidePath)) side = Manifest.fromJson(Files.readString(sidePath));
    Path root = null;
    if (target != null) root = prepareTarget(target, force);
    var compression = Codecs.fromFileName(archive.getFileName().toString());

    List<String> problems = new ArrayList<>();
    Map<String, String> hashes = new HashMap<>();
    List<Path> dirs = new ArrayList<>();
    List<TarArchiveEntry> dirEntries = new ArrayList<>();
    Manifest embedded = null;
    int files = 0;
    int directories = 0;
    int links = 0;
    long bytes = 0;
    byte[] buf = new byte[1 << 16];
    Sha256.In cipher = new Sha256.In(new Progress(Files.newInputStream(archive), progress));
    Sha256.In plain;
    try (cipher) {
      plain = new Sha256.In(PgpDecryption.open(new BufferedInputStream(cipher, 1 << 16), keys, passphrase));
      InputStream tarStream = Codecs.decompress(plain, compression);
      TarArchiveInputStream tar = new TarArchiveInputStream(tarStream, StandardCharsets.UTF_8.name());
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        checkName(name);
        if (name.equals(Manifest.MEMBER_NAME)) {
          embedded = Manifest.fromJson(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
          continue;
        }
        Path dest = root == null ? null : root.resolve(name).normalize();
        if (dest != null && !dest.startsWith(root)) throw new Refused("archive entry " + name + " points outside the target");
        if (dest != null) checkNoLinkInPath(root, dest.getParent());
        if (e.isDirectory()) {
          directories++;
          if (dest != null) {
            Files.createDirectories(dest);
            dirs.add(dest);
            dirEntries.add(e);
          }
        } else if (e.isSymbolicLink()) {
          links++;
          hashes.put(name, "link:" + e.getLinkName());
          if (dest != null) {
            Path linkTarget = dest.getParent().resolve(e.getLinkName()).normalize();
            if (Path.of(e.getLinkName()).isAbsolute() || !linkTarget.startsWith(root)) {
              problems.add("symlink " + name + " -> " + e.getLinkName() + " points outside the target; not created");
              continue;
            }
            Files.createDirectories(dest.getParent());
            if (force) Files.deleteIfExists(dest);
            Files.createSymbolicLink(dest, Path.of(e.getLinkName()));
          }
        } else if (e.isFile()) {
          files++;
          var sha = Sha256.digest();
          try (OutputStream out = openFile(dest)) {
            int n;
            while ((n = tar.read(buf)) > 0) {
              sha.update(buf, 0, n);
              out.write(buf, 0, n);
              bytes += n;
            }
          }
          hashes.put(name, HexFormat.of().formatHex(sha.digest()));
          if (dest != null) applyAttributes(dest, e);
        } else {
          problems.add("entry " + name + " has an unsupported type; skipped");
        }
      }
      plain.transferTo(OutputStream.nullOutputStream()); // reach the end: MDC and zstd checksum are checked there
      tar.close();
    }
    for (int i = dirs.size() - 1; i >= 0; i--) applyAttributes(dirs.get(i), dirEntries.get(i));

    if (embedded == null) problems.add("the archive holds no " + Manifest.MEMBER_NAME + "; member hashes not checked");
    else compareMembers("embedded manifest", embedded, hashes, problems);
    if (side != null) {
      // A side summary (format 2) lists no members: they are checked against the embedded manifest.
      if (side.listsMembers()) compareMembers(sidePath.getFileName().toString(), side, hashes, problems);
      if (side.plaintext() != null && !side.plaintext().sha256().equals(plain.hex())) {
        problems.add("plaintext SHA-256 differs from " + sidePath.getFileName());
      }
      if (side.ciphertext() != null && (side.ciphertext().size() != cipher.count() || !side.ciphertext().sha256().equals(cipher.hex()))) {
        problems.add("archive size or SHA-256 differs from " + sidePath.getFileName());
      }
    }
    return new Report(files, directories, links, bytes, side != null, problems);
  }

  private static void compareMembers(String what, Manifest m, Map<String, String> hashes, List<String> problems) {
    int expected = 0;
    for (Manifest.Member mem : m.members()) {
      if (mem.type().equals("dir")) continue;
      expected++;
      String want = mem.type().equals("symlink") ? "link:" + mem.link() : mem.sha256();
      String got = hashes.get(mem.name());
      if (got == null) problems.add(mem.name() + ": listed in the " + what + " but missing from the archive");
      else if (!got.equals(want)) problems.add(mem.name() + ": content differs from the " + what + " (SHA-256 mismatch)");
    }
    if (expected != hashes.size()) problems.add("the archive has " + hashes.size() + " files and links, the " + what + " lists " + expected);
  }

  private static OutputStream openFile(Path dest) throws IOException {
    if (dest == null) return OutputStream.nullOutputStream();
    Files.createDirectories(dest.getParent());
    if (Files.isSymbolicLink(dest)) Files.delete(dest); // never write through a link
    return Files.newOutputStream(dest);
  }

  static void checkName(String name) throws Refused {
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) throw new Refused("archive entry " + name + " has an absolute path; refusing the archive");
    for (String part : name.split("/")) {
      if (part.equals("..")) throw new Refused("archive entry " + name + " contains '..'; refusing the archive");
    }
  }

  private static void checkNoLinkInPath(Path root, Path dir) throws Refused {
    for (Path p = dir; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) throw new Refused("archive entry below " + root.relativize(p) + " would be written through a symlink; refusing");
    }
  }

  private static Path prepareTarget(Path target, boolean force) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(target)) throw new Refused(target + " exists and is not a directory");
      try (var s = Files.list(target)) {
        if (s.findAny().isPresent() && !force) {
          throw new Refused(target + " is not empty; restore into an empty directory, or add --force to overwrite");
        }
      }
    } else {
      Files.createDirectories(target);
    }
    return target.toRealPath();
  }

  private static void applyAttributes(Path p, TarArchiveEntry e) {
    try {
      Files.setPosixFilePermissions(p, Modes.toPermissions(e.getMode()));
      Files.setLastModifiedTime(p, FileTime.from(e.getLastModifiedTime().toInstant()));
    } catch (IOException | UnsupportedOperationException ignored) {
      // attributes are best effort; content is what is verified
    }
  }

  /** Reports the ciphertext bytes read so far. */
  private static final class Progress extends java.io.FilterInputStream {
    private final LongConsumer listener;
    private long count;

    Progress(InputStream in, LongConsumer listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0 && listener != null) listener.accept(count += n);
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && listener != null) listener.accept(++count);
      return b;
    }
  }
}
