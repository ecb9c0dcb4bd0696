package io.hostkeeper.worker.backup;

import io.hostkeeper.worker.backup.archive.Globs;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a backup's destination lies inside one of its path sources, so that each archive would
 * hold the earlier ones. Pure: compares normalised absolute paths (the caller passes real paths
 * too, to see through links). A destination the source's exclude globs leave out is fine.
 */
final class DestinationOverlap {
  private DestinationOverlap() {}

  /**
   * @return the destination relative to the source ("" when they are the same directory) when the
   *     walk of {@code source} would enter {@code destination}; null when it would not
   */
  static String inside(Path source, List<String> exclude, Path destination) {
    Path s = source.toAbsolutePath().normalize();
    Path d = destination.toAbsolutePath().normalize();
    if (!d.startsWith(s)) return null;
    Path rel = s.relativize(d);
    if (rel.toString().isEmpty()) return "";
    Globs globs = new Globs(exclude);
    for (int i = 1; i <= rel.getNameCount(); i++) {
      if (globs.matches(rel.subpath(0, i))) return null; // the walk skips this directory and all below
    }
    return rel.toString();
  }
}
