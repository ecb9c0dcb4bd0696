package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.DnsCheck;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.TcpCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpAndDnsProbeTest {

  static ServiceProbe tcp(String address) {
    return ServiceProbes.create(new ServiceConfig("db", new ServiceCheck(null, new TcpCheck(HostPort.parse(address), Duration.ofSeconds(2)),
        null, null, null, null), null), ProbeSettings.defaults());
  }

  static ServiceProbe dns(String name) {
    return ServiceProbes.create(new ServiceConfig("resolver", new ServiceCheck(null, null, null, null,
        new DnsCheck(name, Duration.ofSeconds(5)), null), null), ProbeSettings.defaults());
  }

  @Test
  void tcpListenerUpThenRefusedWhenClosed() throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = listener.getLocalPort();
    ServiceProbe p = tcp("127.0.0.1:" + port);
    assertEquals("tcp", p.kind());
    assertTrue(p.check().up());
    listener.close();
    ProbeResult r = p.check();
    assertFalse(r.up());
    assertEquals("connection to 127.0.0.1:" + port + " refused", r.reason());
  }

  @Test
  void tcpByHostName() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertTrue(tcp("localhost:" + listener.getLocalPort()).check().up());
    }
  }

  @Test
  void tcpUnresolvableHost() {
    ProbeResult r = tcp("db.invalid:5432").check();
    assertFalse(r.up());
    assertEquals("cannot resolve host db.invalid (unknown name)", r.reason());
  }

  @Test
  void dnsResolvesLocalhostNotInvalid() {
    assertTrue(dns("localhost").check().up());
    ProbeResult r = dns("nothing-here.invalid").check();
    assertFalse(r.up());
    assertEquals("cannot resolve host nothing-here.invalid (unknown name)", r.reason());
  }
}
