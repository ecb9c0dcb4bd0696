package io.hostkeeper.worker.backup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a POSIX (PAX) tar: long and non-ASCII names, large sizes, symlinks as symlinks, modes,
 * owners and mtimes. Each file's content is hashed (SHA-256) as it is written; the member list is
 * what the manifest records.
 */
public final class TarWriter implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final TarArchiveOutputStream tar;
  private final List<Manifest.Member> members = new ArrayList<>();
  private final byte[] buffer = new byte[BUFFER];
  private final ContentProbe probe;

  /** Told the size and first bytes of each file member before its content is written (to pick a compression level). */
  @FunctionalInterface
  public interface ContentProbe {
    void beforeContent(long size, byte[] head, int length) throws IOException;
  }

  public TarWriter(OutputStream out) {
    this(out, null);
  }

  /** @param probe null: none */
  public TarWriter(OutputStream out, ContentProbe probe) {
    this.probe = probe;
    tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** Attributes of a member, as read from the file system without following links. */
  public record Attrs(int mode, long mtimeMillis, int uid, int gid) {}

  public void directory(String name, Attrs attrs) throws IOException {
    String dirName = name.endsWith("/") ? name : name + "/";
    TarArchiveEntry e = new TarArchiveEntry(dirName, TarConstants.LF_DIR, true);
    apply(e, attrs);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    members.add(new Manifest.Member(dirName, "dir", 0, null, attrs.mode(), attrs.mtimeMillis() / 1000, null));
  }

  public void symlink(String name, String target, Attrs attrs) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    apply(e, attrs);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    members.add(new Manifest.Member(name, "symlink", 0, null, attrs.mode(), attrs.mtimeMillis() / 1000, target));
  }

  /**
   * Writes {@code size} bytes from {@code content}. A file that shrank while being read is padded
   * with zeros (and reported); one that grew is cut at {@code size}. Returns a note when either
   * happened, else null.
   */
  public String file(String name, long size, Attrs attrs, InputStream content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    apply(e, attrs);
    e.setSize(size);
    tar.putArchiveEntry(e);
    MessageDigest sha = Sha256.digest();
    long left = size;
    boolean first = true;
    while (left > 0) {
      int n = first ? readHead(content, (int) Math.min(buffer.length, left)) : content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) break;
      if (first && probe != null) probe.beforeContent(size, buffer, n);
      first = false;
      sha.update(buffer, 0, n);
      tar.write(buffer, 0, n);
      left -= n;
    }
    String note = null;
    if (left > 0) {
      note = "shrank by " + left + " bytes while being read; padded with zeros";
      java.util.Arrays.fill(buffer, (byte) 0);
      while (left > 0) {
        int n = (int) Math.min(buffer.length, left);
        sha.update(buffer, 0, n);
        tar.write(buffer, 0, n);
        left -= n;
      }
    } else if (content.read() >= 0) {
      note = "grew while being read; archived its first " + size + " bytes";
    }
    tar.closeArchiveEntry();
    members.add(new Manifest.Member(name, "file", size, HexFormat.of().formatHex(sha.digest()),
        attrs.mode(), attrs.mtimeMillis() / 1000, null));
    return note;
  }

  /** Fills the buffer's first {@code want} bytes as far as the content goes (a read may return less); -1 at once at its end. */
  private int readHead(InputStream content, int want) throws IOException {
    int n = content.readNBytes(buffer, 0, want);
    return n == 0 && want > 0 ? -1 : n;
  }

  /** Adds a small member that is not itself listed (the embedded manifest). */
  public void unlisted(String name, byte[] content, long mtimeMillis) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setMode(0100600);
    e.setModTime(FileTime.fromMillis(mtimeMillis));
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  public List<Manifest.Member> members() {
    return List.copyOf(members);
  }

  /** Ends the tar (two zero blocks) and flushes; does not close the underlying stream's owner. */
  @Override
  public void close() throws IOException {
    tar.finish();
    tar.close();
  }

  private static void apply(TarArchiveEntry e, Attrs a) {
    e.setMode(modeWithType(e, a.mode()));
    e.setModTime(FileTime.fromMillis(a.mtimeMillis()));
    e.setUserId(a.uid());
    e.setGroupId(a.gid());
    e.setUserName("");
    e.setGroupName("");
  }

  private static int modeWithType(TarArchiveEntry e, int mode) {
    int perms = mode & 07777;
    if (e.isDirectory()) return 040000 | perms;
    if (e.isSymbolicLink()) return 0120000 | perms;
    return 0100000 | perms;
  }
}
