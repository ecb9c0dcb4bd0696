package io.hostkeeper.worker.backup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads manifests within a size bound and compares what an archive held with what they list. */
final class ManifestCheck {
  private ManifestCheck() {}

  /** The manifest beside the archive, or null when there is none (a problem when it cannot be read). */
  static Manifest readSide(Path side, long limit, List<String> problems) throws IOException {
    if (!Files.isRegularFile(side, LinkOption.NOFOLLOW_LINKS)) return null;
    long size = Files.size(side);
    if (size > limit) {
      problems.add(side.getFileName() + " is " + mib(size) + ", more than the " + mib(limit) + " read; not checked");
      return null;
    }
    try {
      return Manifest.fromJson(Files.readString(side, StandardCharsets.UTF_8));
    } catch (IOException e) {
      problems.add(side.getFileName() + " is not a manifest this tool can read; not checked (" + firstLine(e) + ")");
      return null;
    }
  }

  /** The embedded manifest, refused unread when its declared size is over {@code limit}. */
  static Manifest readEmbedded(InputStream member, long size, long limit) throws IOException {
    if (size > limit) {
      throw new ArchiveRestorer.Unsafe("the archive's " + Manifest.MEMBER_NAME + " is " + mib(size) + ", more than the "
          + mib(limit) + " this tool reads (an eighth of the Java heap, at most 256 MiB); a genuine one that large needs a larger heap"
          + " (java -Xmx...)");
    }
    byte[] b = member.readNBytes((int) size);
    try {
      return Manifest.fromJson(new String(b, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ArchiveRestorer.Unsafe("the archive's " + Manifest.MEMBER_NAME + " is not valid JSON (" + firstLine(e) + ")");
    }
  }

  /** Every file and link the manifest lists must be in the archive with that content, and nothing more. */
  static void compare(String what, Manifest m, Map<String, String> hashes, List<String> problems) {
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

  /** The side manifest: its member list when it has one (it may hold only digests), and the stream digests. */
  static void compareSide(String name, Manifest side, Map<String, String> hashes, ArchiveStream in, List<String> problems) {
    if (side.listsMembers()) compare(name, side, hashes, problems);
    if (side.plaintext() != null && !side.plaintext().sha256().equals(in.plain.hex())) {
      problems.add("plaintext SHA-256 differs from " + name);
    }
    if (side.ciphertext() != null && (side.ciphertext().size() != in.cipher.count() || !side.ciphertext().sha256().equals(in.cipher.hex()))) {
      problems.add("archive size or SHA-256 differs from " + name);
    }
  }

  /** File name → SHA-256, from a manifest (null: none). */
  static Map<String, String> fileHashes(Manifest m) {
    Map<String, String> out = new HashMap<>();
    if (m == null) return out;
    for (Manifest.Member mem : m.members()) if (mem.type().equals("file")) out.put(mem.name(), mem.sha256());
    return out;
  }

  private static String mib(long n) {
    return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
  }

  private static String firstLine(Exception e) {
    String s = String.valueOf(e.getMessage());
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
