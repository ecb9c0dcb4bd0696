package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Temporary files an interrupted step left next to a live log. One is deleted only when what it
 * was made from is verified intact: a compression's source still exists, or the live log still
 * begins with exactly a copytruncate copy's bytes. Otherwise it may be the only copy of those
 * lines (the log was deleted or truncated meanwhile), and it is renamed aside to
 * {@code NAME.recovered-yyyyMMdd-HHmmss}, a name that is neither rotated, compressed nor deleted.
 */
final class LeftoverTemps {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private LeftoverTemps() {}

  static void clean(Path live, RotationNaming naming, Instant now, LogReport.Builder report) throws IOException {
    Path dir = live.toAbsolutePath().getParent();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*" + RotationNaming.TEMP_SUFFIX)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!naming.isTemp(name)) continue;
        BasicFileAttributes a = SafeFiles.lstat(p);
        if (!a.isRegularFile()) {
          SafeFiles.deleteIfExists(p);
          report.cleaned.add(name + " (not a regular file where a temporary file belongs; removed, never followed)");
          continue;
        }
        String finalName = name.substring(1, name.length() - RotationNaming.TEMP_SUFFIX.length());
        String origin = originIntact(live, dir, finalName, p);
        if (origin != null) {
          SafeFiles.deleteIfExists(p);
          report.cleaned.add(name + " (temporary file of an interrupted step; " + origin + " is intact)");
        } else {
          Path aside = dir.resolve(finalName + ".recovered-" + STAMP.format(now));
          Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
          SafeFiles.fsyncDirectory(dir);
          report.cleaned.add(name + " kept as " + aside.getFileName() + ": what it was made from is gone or changed, so it may be"
              + " the only copy of those lines; check it and delete it yourself");
        }
      }
    }
  }

  /** The name of the intact original of temp file {@code temp}, or null when it cannot be verified. */
  private static String originIntact(Path live, Path dir, String finalName, Path temp) throws IOException {
    for (String ext : new String[] {".gz", ".zst"}) {
      if (finalName.endsWith(ext)) {
        Path source = dir.resolve(finalName.substring(0, finalName.length() - ext.length()));
        return Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) ? source.getFileName().toString() : null;
      }
    }
    if (!Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS)) return null;
    try (FileChannel copy = SafeFiles.openRegularNoFollow(temp); FileChannel original = SafeFiles.openRegularNoFollow(live)) {
      long bytes = copy.size();
      if (original.size() < bytes) return null;
      long crc = CopyTruncate.crcOf(copy, bytes);
      return crc >= 0 && crc == CopyTruncate.crcOf(original, bytes) ? live.getFileName().toString() : null;
    }
  }
}
