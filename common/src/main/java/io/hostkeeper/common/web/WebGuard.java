package io.hostkeeper.common.web;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty handler in front of everything a port serves: adds the configured response headers,
 * then asks for basic auth when there are users. A refused request gets a plain 401 with
 * {@code WWW-Authenticate: Basic} and a one-word body, nothing about why; the reason is counted
 * in {@link WebAuthMetrics}. Reads the current settings on every request, so a changed
 * web-config file applies to the next one.
 */
final class WebGuard extends Handler.Wrapper {
  /** What one request is checked against. */
  record Rules(BasicAuth auth, Map<String, String> headers) {}

  private static final byte[] UNAUTHORIZED = "Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

  private final Supplier<Rules> rules;
  private final WebAuthMetrics metrics;

  WebGuard(Supplier<Rules> rules, WebAuthMetrics metrics) {
    this.rules = rules;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Rules r = rules.get();
    for (Map.Entry<String, String> h : r.headers().entrySet()) response.getHeaders().put(h.getKey(), h.getValue());
    if (r.auth() != null) {
      BasicAuth.Outcome outcome = r.auth().check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      if (outcome != BasicAuth.Outcome.OK) {
        metrics.failed(outcome);
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, UNAUTHORIZED.length);
        response.write(true, ByteBuffer.wrap(UNAUTHORIZED), callback);
        return true;
      }
    }
    return super.handle(request, response, callback);
  }
}
