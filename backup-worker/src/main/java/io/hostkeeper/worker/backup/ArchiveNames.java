package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig.Compression;
import io.hostkeeper.worker.backup.archive.Codecs;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Archive file names: {@code NAME-20261121T020000Z.tar.zst.gpg} (UTC, sortable). Pure. */
public final class ArchiveNames {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ArchiveNames() {}

  /** The name for an archive started at {@code created}; {@code attempt} > 1 disambiguates same-second runs. */
  public static String fileName(String backup, Instant created, Compression compression, int attempt) {
    String stamp = STAMP.format(created.truncatedTo(ChronoUnit.SECONDS));
    return backup + "-" + stamp + (attempt > 1 ? "-" + attempt : "") + Codecs.suffix(compression) + ".gpg";
  }
}
