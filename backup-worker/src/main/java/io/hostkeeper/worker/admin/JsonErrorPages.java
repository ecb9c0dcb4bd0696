package io.hostkeeper.worker.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (400 for a malformed request, 414 for a URI too long, 431 for headers
 * too large, ...), which Jetty sends before a request reaches the API, in the API's format:
 * {@code {"error": code, "message": text}} as {@code application/json}, never an HTML page.
 */
final class JsonErrorPages extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

  static byte[] body(int status, String reason) {
    String message = reason == null || reason.isBlank() ? defaultMessage(status) : reason;
    try {
      return JSON.writeValueAsBytes(AdminApp.body(AdminApp.codeFor(status), message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "malformed request";
      case 414 -> "request URI too long";
      case 431 -> "request headers too large";
      default -> "HTTP " + status;
    };
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(CONTENT_TYPE);
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }
}
