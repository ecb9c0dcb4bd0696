package io.hostkeeper.common.config;

/** A listen or connect address: {@code host:port}, {@code [v6]:port} or {@code :port} (all interfaces). */
public record HostPort(String host, int port) {
  public HostPort {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
    if (host == null || host.isEmpty()) host = "0.0.0.0";
  }

  /** @throws IllegalArgumentException with a message saying what is allowed */
  public static HostPort parse(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException("expected host:port, e.g. 127.0.0.1:29100, got \"" + text + "\"");
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    else if (host.contains(":")) throw new IllegalArgumentException("write IPv6 addresses in brackets, e.g. [::1]:29100, got \"" + text + "\"");
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number 0-65535, got \"" + s.substring(colon + 1) + "\"");
    }
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
    return new HostPort(host, port);
  }

  public boolean isLoopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
