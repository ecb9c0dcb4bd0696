package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

public record BackupConfig(
    @Required String name,
    @Required Schedule schedule,
    @Required List<SourceConfig> sources,
    /** ASCII-armored public keys, as {@code gpg --export --armor} writes them. */
    @Required List<Path> recipients,
    @Required Path destination,
    @Default("zstd") Compression compression,
    /** Absent: the codec's default level. */
    Integer compressionLevel,
    RetentionConfig retention,
    /** What to do with a file that cannot be read: fail the run, or skip it and record it. */
    @Default("fail") UnreadablePolicy onUnreadable,
    ZoneId timeZone,
    /** Run once at start when the last success is older than the schedule's period. */
    @Default("true") boolean catchUp,
    /** A run still writing after this long fails (a source read that never returns cannot hold it forever). */
    @Default("12h") java.time.Duration timeout,
    /** Remote copies (SFTP), each with its own retention. */
    List<CopyConfig> copies,
    /** Scheduled keyless re-check of stored archives; absent: none. */
    @Nullable BackupCheckConfig check,
    /**
     * Most bytes this backup's archives may take in its destination (the sum of their catalogued
     * sizes); after retention the oldest beyond it are pruned, never the newest. Absent: no quota.
     */
    @Nullable ByteSize destinationQuota) implements ScheduledConfig {

  /** Without a destination quota. */
  public BackupConfig(String name, Schedule schedule, List<SourceConfig> sources, List<Path> recipients,
      Path destination, Compression compression, Integer compressionLevel, RetentionConfig retention,
      UnreadablePolicy onUnreadable, ZoneId timeZone, boolean catchUp, java.time.Duration timeout,
      List<CopyConfig> copies, BackupCheckConfig check) {
    this(name, schedule, sources, recipients, destination, compression, compressionLevel, retention, onUnreadable,
        timeZone, catchUp, timeout, copies, check, null);
  }

  /** With a timeout, without copies or a check. */
  public BackupConfig(String name, Schedule schedule, List<SourceConfig> sources, List<Path> recipients,
      Path destination, Compression compression, Integer compressionLevel, RetentionConfig retention,
      UnreadablePolicy onUnreadable, ZoneId timeZone, boolean catchUp, java.time.Duration timeout) {
    this(name, schedule, sources, recipients, destination, compression, compressionLevel, retention, onUnreadable,
        timeZone, catchUp, timeout, List.of(), null, null);
  }

  /** With copies and a check, and the default timeout. */
  public BackupConfig(String name, Schedule schedule, List<SourceConfig> sources, List<Path> recipients,
      Path destination, Compression compression, Integer compressionLevel, RetentionConfig retention,
      UnreadablePolicy onUnreadable, ZoneId timeZone, boolean catchUp, List<CopyConfig> copies,
      BackupCheckConfig check) {
    this(name, schedule, sources, recipients, destination, compression, compressionLevel, retention, onUnreadable,
        timeZone, catchUp, DEFAULT_TIMEOUT, copies, check, null);
  }

  public enum Compression { ZSTD, GZIP, NONE }

  public enum UnreadablePolicy { FAIL, SKIP }

  /** Without a timeout: the default, 12 hours. */
  public BackupConfig(String name, Schedule schedule, List<SourceConfig> sources, List<Path> recipients, Path destination,
      Compression compression, Integer compressionLevel, RetentionConfig retention, UnreadablePolicy onUnreadable,
      ZoneId timeZone, boolean catchUp) {
    this(name, schedule, sources, recipients, destination, compression, compressionLevel, retention, onUnreadable,
        timeZone, catchUp, DEFAULT_TIMEOUT);
  }

  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofHours(12);

  public BackupConfig {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new ConfigViolation("timeout", "must be longer than 0s (absent: 12h)");
    }
    if (destinationQuota != null && destinationQuota.bytes() == 0) {
      throw new ConfigViolation("destination_quota", "must be larger than 0 (leave it out for no quota)");
    }
    sources = sources == null ? null : List.copyOf(sources);
    recipients = recipients == null ? null : List.copyOf(recipients);
    copies = copies == null ? List.of() : List.copyOf(copies);
    java.util.Set<String> copyNames = new java.util.HashSet<>();
    for (int i = 0; i < copies.size(); i++) {
      CopyConfig c = copies.get(i);
      if (c != null && c.name() != null && !copyNames.add(c.name())) {
        throw new ConfigViolation("copies[" + i + "].name", "copy name \"" + c.name() + "\" is used twice in this backup");
      }
    }
    if (name != null && !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigViolation("name", "must be 1-64 characters of letters, digits, '_', '.' or '-'");
    }
    if (sources != null && sources.isEmpty()) throw new ConfigViolation("sources", "must list at least one source");
    if (recipients != null && recipients.isEmpty()) throw new ConfigViolation("recipients", "must list at least one public key file");
    if (compressionLevel != null && compression != null) {
      int max = switch (compression) {
        case ZSTD -> 19;
        case GZIP -> 9;
        case NONE -> 0;
      };
      if (compression == Compression.NONE) {
        throw new ConfigViolation("compression_level", "does not apply to compression: none; remove it");
      }
      if (compressionLevel < 1 || compressionLevel > max) {
        throw new ConfigViolation("compression_level", "must be 1-" + max + " for " + compression.name().toLowerCase(java.util.Locale.ROOT)
            + " (absent: " + (compression == Compression.ZSTD ? "5" : "6") + ")");
      }
    }
  }
}
