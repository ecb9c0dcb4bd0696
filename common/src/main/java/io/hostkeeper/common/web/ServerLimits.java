package io.hostkeeper.common.web;

import java.time.Duration;

/**
 * What one client may hold of an HTTP server: how long it may take to send a request's headers
 * once it has started, how long a connection may sit idle, how many connections may be open at
 * once, and how large the request headers may be.
 *
 * @param headerTimeout from the first byte of a request to the end of its headers
 * @param idleTimeout a connection with no traffic at all is closed after this
 * @param maxConnections beyond this, new connections wait in the listen backlog until one closes
 * @param requestHeaderBytes larger request headers are answered 431
 */
public record ServerLimits(Duration headerTimeout, Duration idleTimeout, int maxConnections, int requestHeaderBytes) {

  public ServerLimits {
    if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("headerTimeout must be positive");
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
    if (requestHeaderBytes < 1024) throw new IllegalArgumentException("requestHeaderBytes must be at least 1024");
  }

  /**
   * For a metrics or status endpoint: a scraper sends its few hundred header bytes at once, so
   * 10 s is generous; 30 s idle keeps a scraper's keep-alive connection across a 15 s interval;
   * 256 connections are far more than a few scrapers and browsers need, and cost little each.
   */
  public static ServerLimits standard() {
    return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 8 * 1024);
  }
}
