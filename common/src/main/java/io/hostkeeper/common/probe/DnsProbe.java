package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.DnsCheck;
import java.util.Objects;

/** Up when {@code name} resolves to at least one address within the timeout. */
final class DnsProbe implements ServiceProbe {
  private final String service;
  private final DnsCheck check;

  DnsProbe(String service, DnsCheck check) {
    this.service = Objects.requireNonNull(service);
    this.check = Objects.requireNonNull(check);
    if (check.name().isBlank()) throw new IllegalArgumentException("dns check of " + service + ": name must not be blank");
    if (check.timeout().isZero() || check.timeout().isNegative()) throw new IllegalArgumentException("dns check of " + service + ": timeout must be positive");
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "dns";
  }

  @Override
  public ProbeResult check() {
    Elapsed t = new Elapsed(check.timeout());
    try {
      BoundedResolver.resolve(check.name(), check.timeout());
      return t.up();
    } catch (BoundedResolver.ResolveException e) {
      return t.down(e.getMessage());
    }
  }
}
