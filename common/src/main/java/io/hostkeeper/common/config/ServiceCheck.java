package io.hostkeeper.common.config;

import java.util.stream.Stream;

/** How a service is checked ({@code services[].check}): exactly one kind of check. */
public record ServiceCheck(
    @Nullable HttpCheck http,
    @Nullable TcpCheck tcp,
    @Nullable SystemdCheck systemd,
    @Nullable ProcessCheck process,
    @Nullable DnsCheck dns,
    @Nullable CommandCheck command) {

  public ServiceCheck {
    long given = Stream.of(http, tcp, systemd, process, dns, command).filter(c -> c != null).count();
    if (given != 1) {
      throw new ConfigViolation("give exactly one of http, tcp, systemd, process, dns, command (found " + given + ")");
    }
  }

  /** The kind's name as written in YAML, e.g. {@code "http"}: the {@code check} label value. */
  public String kind() {
    if (http != null) return "http";
    if (tcp != null) return "tcp";
    if (systemd != null) return "systemd";
    if (process != null) return "process";
    if (dns != null) return "dns";
    return "command";
  }
}
