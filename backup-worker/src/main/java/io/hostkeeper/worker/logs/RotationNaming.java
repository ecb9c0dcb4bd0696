package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.LogConfig.Codec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Names of a live log's rotated files. Pure: no I/O.
 *
 * <ul>
 *   <li>numbered: {@code app.log.1}, {@code app.log.2.gz}, ... (1 is the newest)
 *   <li>dated ({@code date_ext}): {@code app.log-20261121-050000.gz}; the format sorts in time order
 *   <li>temporary files of an unfinished step: {@code .app.log.1.gz.hk-tmp} (hidden, same directory)
 * </ul>
 */
public final class RotationNaming {
  static final String TEMP_SUFFIX = ".hk-tmp";

  private final String live;
  private final DateTimeFormatter format;

  /** @param dateFormat a sortable java.time pattern for dated names, or null for numbered names */
  public RotationNaming(String liveName, String dateFormat, ZoneId zone) {
    if (liveName == null || liveName.isEmpty() || liveName.contains("/")) {
      throw new IllegalArgumentException("live log name must be a plain file name: " + liveName);
    }
    this.live = liveName;
    this.format = dateFormat == null ? null : DateTimeFormatter.ofPattern(dateFormat).withZone(zone);
  }

  public boolean dated() {
    return format != null;
  }

  public String numbered(int index) {
    return live + "." + index;
  }

  public String datedName(Instant when) {
    return live + "-" + format.format(when);
  }

  public static String withCodec(String base, Codec codec) {
    return codec == null ? base : base + extension(codec);
  }

  public static String extension(Codec codec) {
    return codec == Codec.ZSTD ? ".zst" : ".gz";
  }

  /** Temporary name for writing {@code finalName} in the same directory. */
  public static String temp(String finalName) {
    return "." + finalName + TEMP_SUFFIX;
  }

  /** Is this a temporary file of this log's rotation (left behind when a step was interrupted)? */
  public boolean isTemp(String name) {
    return name.startsWith("." + live) && name.endsWith(TEMP_SUFFIX);
  }

  /** The rotated file this name denotes, if it is one of this log's rotations in the current naming scheme. */
  public Optional<RotatedFile> parse(Path file, Instant modified) {
    String name = file.getFileName().toString();
    Codec codec = null;
    String base = name;
    for (Codec c : Codec.values()) {
      if (name.endsWith(extension(c))) {
        codec = c;
        base = name.substring(0, name.length() - extension(c).length());
      }
    }
    if (format == null) {
      if (!base.startsWith(live + ".")) return Optional.empty();
      String digits = base.substring(live.length() + 1);
      if (!digits.matches("[1-9][0-9]{0,8}")) return Optional.empty();
      return Optional.of(new RotatedFile(file, base, Integer.parseInt(digits), null, codec, modified));
    }
    if (!base.startsWith(live + "-")) return Optional.empty();
    String stamp = base.substring(live.length() + 1);
    try {
      format.parse(stamp);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.of(new RotatedFile(file, base, -1, stamp, codec, modified));
  }
}
