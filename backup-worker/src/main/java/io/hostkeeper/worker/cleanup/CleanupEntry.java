package io.hostkeeper.worker.cleanup;

import java.time.Instant;
import java.util.List;

/**
 * One entry found below a cleanup root, as read without following links.
 *
 * @param parts path components below the root (never empty)
 * @param size bytes (st_size) of a file or link; 0 for directories
 * @param key the file key (device and inode), compared again right before deletion
 * @param sameDevice on the root's file system (a mount point is not)
 * @param open some process holds it open
 * @param selected matched by the glob, or inside a matched directory
 * @param complete for a directory: every entry inside it was listed
 */
public record CleanupEntry(List<String> parts, Kind kind, long size, Instant modified, Object key,
    boolean sameDevice, boolean open, boolean selected, boolean complete) {

  /** What an entry is; only files, links and emptied directories are ever deleted. */
  public enum Kind { FILE, LINK, DIR, OTHER }

  public CleanupEntry {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("an entry lies below its root");
  }

  public String relative() {
    return String.join("/", parts);
  }

  public List<String> parent() {
    return parts.subList(0, parts.size() - 1);
  }

  public String name() {
    return parts.get(parts.size() - 1);
  }
}
