package io.hostkeeper.common.config;

import java.nio.file.Path;

/**
 * An SFTP destination. Key authentication only: there is deliberately no password key. The
 * server's host key must match {@code known_hosts} or the pinned {@code host_key_fingerprint}
 * ({@code SHA256:} as {@code ssh-keygen -lf} prints it); an unknown key is refused, never trusted
 * on first use.
 */
public record SftpConfig(
    @Required String host,
    @Default("22") int port,
    @Required String user,
    /** Remote directory, relative to the login directory unless it starts with '/'. */
    @Required String path,
    /** OpenSSH private key (unencrypted), readable by the worker only. */
    @Required Path identityFile,
    /** OpenSSH known_hosts file (plain or hashed host names). */
    Path knownHosts,
    /** Pinned host key, e.g. {@code SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s}. */
    String hostKeyFingerprint) {

  public SftpConfig {
    if (host != null && !host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[?[0-9A-Fa-f:.]+\\]?")) {
      throw new ConfigViolation("host", "\"" + host + "\" is not a host name or IP address");
    }
    if (host != null && host.startsWith("[")) host = host.substring(1, host.length() - (host.endsWith("]") ? 1 : 0));
    if (port < 1 || port > 65535) throw new ConfigViolation("port", "must be 1-65535, got " + port);
    if (user != null && !user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")) {
      throw new ConfigViolation("user", "\"" + user + "\" is not a user name");
    }
    if (path != null && (path.isBlank() || path.indexOf('\0') >= 0 || path.contains("\n"))) {
      throw new ConfigViolation("path", "must name a remote directory");
    }
    if ((knownHosts == null) == (hostKeyFingerprint == null)) {
      throw new ConfigViolation("give exactly one of known_hosts or host_key_fingerprint (the server's key is never trusted on first use)");
    }
    if (hostKeyFingerprint != null && !hostKeyFingerprint.matches("SHA256:[A-Za-z0-9+/]{43}=?")) {
      throw new ConfigViolation("host_key_fingerprint",
          "must be SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it");
    }
  }

  /** {@code sftp://user@host:port/path} ({@code /~/path} when relative to the login directory), for messages. */
  public String url() {
    return "sftp://" + address() + (path.startsWith("/") ? path : "/~/" + path);
  }

  /** {@code user@host:port}, for messages. */
  public String address() {
    return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
