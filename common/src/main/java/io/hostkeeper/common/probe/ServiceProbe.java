package io.hostkeeper.common.probe;

/**
 * Checks one configured service once. Built from a {@link io.hostkeeper.common.config.ServiceConfig}
 * (construction validates, never does I/O); {@link #check()} does the I/O, bounded by the check's
 * own timeout, and never throws for a service that is down: trouble is a result with a reason.
 * Shared by the exporter's service-status collector and the worker's watchdog.
 */
public interface ServiceProbe {

  /** The service name from config. */
  String service();

  /** The check kind: http, tcp, systemd, process, dns, command. */
  String kind();

  ProbeResult check();
}
