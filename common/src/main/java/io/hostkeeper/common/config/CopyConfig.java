package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.Locale;

/**
 * One remote copy of a backup ({@code backups[].copies[]}): where the archives go and how long the
 * remote keeps them. The remote retention is independent of the local one.
 */
public record CopyConfig(
    @Required String name,
    @Required SftpConfig sftp,
    /** Remote retention (restic vocabulary); absent keeps every archive. */
    RetentionConfig retention,
    /** {@code size}: compare the remote size after upload; {@code full}: also read it back and compare SHA-256. */
    @Default("size") Verify verify,
    /** Bound on one connection's silence (connect, authentication, one read or write). */
    @Default("60s") Duration timeout) {

  public enum Verify { SIZE, FULL }

  public CopyConfig {
    if (name != null && !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigViolation("name", "must be 1-64 characters of letters, digits, '_', '.' or '-'");
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0)) {
      throw new ConfigViolation("timeout", "must be between 1s and 1h");
    }
  }

  public String verifyName() {
    return verify.name().toLowerCase(Locale.ROOT);
  }
}
