package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.ServiceProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A probe whose answer the test sets. */
final class FakeProbe implements ServiceProbe {
  private final String service;
  volatile boolean up = true;
  final AtomicInteger checks = new AtomicInteger();

  FakeProbe(String service) {
    this.service = service;
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "fake";
  }

  @Override
  public ProbeResult check() {
    checks.incrementAndGet();
    return up ? ProbeResult.up(Duration.ofMillis(1)) : ProbeResult.down(Duration.ofMillis(1), "connection refused");
  }
}
