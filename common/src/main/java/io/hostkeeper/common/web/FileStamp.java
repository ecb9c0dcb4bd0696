package io.hostkeeper.common.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What a file looks like from the outside: modification time, size and identity (device and
 * inode), following links as the reader does. A renewed certificate moved into place changes the
 * identity; one rewritten in place changes the time or size. A file that cannot be stat'ed has the
 * stamp {@link #MISSING}.
 */
public record FileStamp(long modifiedNanos, long size, Object key) {
  public static final FileStamp MISSING = new FileStamp(-1, -1, null);

  public static FileStamp of(Path p) {
    if (p == null) return MISSING;
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return new FileStamp(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(), a.fileKey());
    } catch (IOException | SecurityException e) {
      return MISSING;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileStamp s && s.modifiedNanos == modifiedNanos && s.size == size && Objects.equals(s.key, key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modifiedNanos, size, key);
  }
}
