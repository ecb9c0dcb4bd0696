package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.Durations;

import io.hostkeeper.common.config.TcpCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Objects;

/** Up when a TCP connection to {@code address} opens within the timeout (resolution included). */
final class TcpProbe implements ServiceProbe {
  private final String service;
  private final TcpCheck check;

  TcpProbe(String service, TcpCheck check) {
    this.service = Objects.requireNonNull(service);
    this.check = Objects.requireNonNull(check);
    if (check.address().port() == 0) throw new IllegalArgumentException("tcp check of " + service + ": port 0 cannot be connected to");
    if (check.timeout().isZero() || check.timeout().isNegative()) throw new IllegalArgumentException("tcp check of " + service + ": timeout must be positive");
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "tcp";
  }

  @Override
  public ProbeResult check() {
    Elapsed t = new Elapsed(check.timeout());
    String target = check.address().toString();
    List<InetAddress> addresses;
    try {
      addresses = BoundedResolver.resolve(check.address().host(), t.remaining());
    } catch (BoundedResolver.ResolveException e) {
      return t.down(e.getMessage());
    }
    String last = "no address to connect to";
    for (InetAddress address : addresses) {
      int millis = (int) Math.min(Integer.MAX_VALUE, t.remaining().toMillis());
      if (millis <= 0) return t.down("connect to " + target + " timed out after " + Durations.format(check.timeout()));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, check.address().port()), millis);
        return t.up();
      } catch (SocketTimeoutException e) {
        last = "connect to " + target + " timed out after " + Durations.format(check.timeout());
      } catch (ConnectException e) {
        last = "connection to " + target + " refused";
      } catch (NoRouteToHostException e) {
        last = "no route to " + target;
      } catch (IOException e) {
        last = "cannot connect to " + target + ": " + e.getMessage();
      }
    }
    return t.down(last);
  }
}
