package io.hostkeeper.common.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Socket checks shared by the tests of the hardened HTTP ports. */
public final class Sockets {
  private Sockets() {}

  /**
   * Whether the server closes {@code s} within {@code wait}: reads until the end of the stream (a
   * 408 response may come before it) or a reset; false when {@code wait} passes with the connection
   * still open.
   */
  public static boolean closedByServer(Socket s, Duration wait) throws IOException {
    s.setSoTimeout((int) wait.toMillis());
    try {
      while (true) {
        if (s.getInputStream().read() == -1) return true;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
