package io.hostkeeper.worker.backup.pgp;

import java.util.HexFormat;
import java.util.Locale;

/** Fingerprints as gpg prints them with --with-colons: upper-case hex, no spaces. */
public final class Fingerprints {
  private Fingerprints() {}

  public static String hex(byte[] fingerprint) {
    return HexFormat.of().formatHex(fingerprint).toUpperCase(Locale.ROOT);
  }
}
