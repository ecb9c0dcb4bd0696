package io.hostkeeper.worker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends a request line exactly as given (hostile paths a normal client refuses to build). */
public final class RawHttp {
  private RawHttp() {}

  /** Returns the status code. */
  public static int status(int port, String method, String rawPath, String token) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String req = method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: 0\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\n') line.write(c);
      String statusLine = line.toString(StandardCharsets.ISO_8859_1).trim();
      String[] parts = statusLine.split(" ");
      if (parts.length < 2) throw new IOException("no status line: " + statusLine);
      return Integer.parseInt(parts[1]);
    }
  }
}
