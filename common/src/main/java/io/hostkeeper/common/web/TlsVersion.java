package io.hostkeeper.common.web;

import io.hostkeeper.common.config.ConfigViolation;

/** {@code min_version} / {@code max_version}: the toolkit's names and the JSSE protocol names. */
public enum TlsVersion {
  TLS10("TLSv1"), TLS11("TLSv1.1"), TLS12("TLSv1.2"), TLS13("TLSv1.3");

  private final String protocol;

  TlsVersion(String protocol) {
    this.protocol = protocol;
  }

  /** The JSSE name, e.g. {@code TLSv1.2}. */
  public String protocol() {
    return protocol;
  }

  static TlsVersion parse(String key, String name) {
    for (TlsVersion v : values()) {
      if (v.name().equals(name)) return v;
    }
    throw new ConfigViolation(key, "unknown TLS version \"" + name + "\"; expected TLS10, TLS11, TLS12 or TLS13");
  }
}
