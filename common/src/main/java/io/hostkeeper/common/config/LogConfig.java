package io.hostkeeper.common.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** One entry of {@code logs:}, with the directives people know from logrotate. */
public record LogConfig(
    /** A file or a glob such as {@code /var/log/app/*.log}. */
    @Required String path,
    /** Label value for metrics and job name; absent means derived from the path. */
    String name,
    @Default("@daily") Schedule schedule,
    /** Rotate when larger than this (checked at each run). */
    ByteSize size,
    /** Never rotate when smaller than this. */
    ByteSize minSize,
    /** Delete rotated files older than this. */
    java.time.Duration maxAge,
    @Default("7") int keep,
    @Default("true") boolean compress,
    @Default("gzip") Codec compression,
    @Default("false") boolean delayCompress,
    @Default("rename") Mode mode,
    CreateConfig create,
    @Default("false") boolean dateExt,
    /** java.time pattern for date_ext; must sort in time order. */
    @Default("yyyyMMdd-HHmmss") String dateFormat,
    @Default("false") boolean missingOk,
    @Default("false") boolean notIfEmpty,
    /** argv run after rotating (never a shell), e.g. a signal or a reopen endpoint. */
    List<String> postRotate,
    @Default("60s") Duration postRotateTimeout,
    ZoneId timeZone,
    @Default("true") boolean catchUp) {

  public enum Mode { RENAME, COPYTRUNCATE }

  public enum Codec { GZIP, ZSTD }

  public LogConfig {
    postRotate = List.copyOf(postRotate);
    if (keep < 0) throw new ConfigViolation("keep", "must not be negative");
  }
}
