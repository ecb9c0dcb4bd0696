package io.hostkeeper.common.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cipher suite names of the web-config file (Go's {@code tls.CipherSuites()} names) and the JSSE
 * names they stand for. Go also accepts the older names of the ChaCha20 suites without
 * {@code _SHA256}; JSSE names them with it.
 */
public final class CipherSuites {
  private static final Pattern NAME = Pattern.compile("TLS_[A-Z0-9_]+");

  /** The TLS 1.3 suites: not configurable, always kept, or a TLS 1.3 handshake would have none. */
  static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private CipherSuites() {}

  static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The JSSE name of a configured suite. */
  public static String jsseName(String name) {
    if (name.endsWith("_CHACHA20_POLY1305")) return name + "_SHA256";
    return name;
  }

  /** The suites to include: the configured ones in order, then the TLS 1.3 suites; empty: the JVM's defaults. */
  public static List<String> include(List<String> configured) {
    if (configured.isEmpty()) return List.of();
    Set<String> out = new LinkedHashSet<>();
    for (String s : configured) out.add(jsseName(s));
    out.addAll(TLS13);
    return new ArrayList<>(out);
  }

  /** The configured names this JVM does not support (JSSE names checked against {@code supported}). */
  public static List<String> unsupported(List<String> configured, Set<String> supported) {
    List<String> out = new ArrayList<>();
    for (String s : configured) {
      if (!supported.contains(jsseName(s))) out.add(s);
    }
    return out;
  }
}
