package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a backup makes in a remote directory, and nothing else: its archives
 * ({@code NAME-20261121T020000Z[-N].tar[.zst|.gz].gpg}), their side manifests, and the temporary
 * names of uploads in flight ({@code .hk-part-} + one of those). Pure.
 */
public final class RemoteNames {
  public static final String PART_PREFIX = ".hk-part-";
  public static final String MANIFEST_SUFFIX = ArchiveWriter.MANIFEST_SUFFIX;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final Pattern archive;
  private final Pattern manifest;
  private final Pattern part;

  public RemoteNames(String backup) {
    String core = Pattern.quote(backup + "-") + "(\\d{8}T\\d{6}Z)(-(\\d+))?\\.tar(\\.zst|\\.gz)?\\.gpg";
    this.archive = Pattern.compile(core);
    this.manifest = Pattern.compile(core + Pattern.quote(MANIFEST_SUFFIX));
    this.part = Pattern.compile(Pattern.quote(PART_PREFIX) + core + "(" + Pattern.quote(MANIFEST_SUFFIX) + ")?");
  }

  /** The creation time encoded in an archive name of this backup; empty for any other name. */
  public Optional<Instant> archiveTime(String name) {
    Matcher m = archive.matcher(name);
    if (!m.matches()) return Optional.empty();
    try {
      return Optional.of(LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC));
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  public boolean isArchive(String name) {
    return archiveTime(name).isPresent();
  }

  public boolean isManifest(String name) {
    return manifest.matcher(name).matches();
  }

  /** A temporary name of an upload of this backup (an interrupted one, when seen in a listing). */
  public boolean isPart(String name) {
    return part.matcher(name).matches();
  }

  public static String partOf(String name) {
    return PART_PREFIX + name;
  }

  public static String manifestOf(String archive) {
    return archive + MANIFEST_SUFFIX;
  }
}
