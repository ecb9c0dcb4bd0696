package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.Durations;

import io.hostkeeper.common.config.HttpCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Up when the URL answers with a status in {@code expect_status} (and, when given, a body in
 * which {@code expect_body} finds a match) within the timeout, which covers the whole exchange:
 * connecting, TLS, every redirect and the body. Redirects are followed up to
 * {@code max_redirects}; coming back to a URL already visited is a redirect loop. At most
 * {@value #BODY_LIMIT} bytes of the body are read.
 */
final class HttpProbe implements ServiceProbe {
  static final int BODY_LIMIT = 256 * 1024;

  private final String service;
  private final HttpCheck check;
  private final URI uri;
  private final String method;

  HttpProbe(String service, HttpCheck check) {
    this.service = Objects.requireNonNull(service);
    this.check = Objects.requireNonNull(check);
    try {
      this.uri = new URI(check.url());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("http check of " + service + ": not a valid URL: " + check.url());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("http check of " + service + ": URL must start with http:// or https://, got " + check.url());
    }
    if (uri.getHost() == null) throw new IllegalArgumentException("http check of " + service + ": URL has no host: " + check.url());
    this.method = check.method().toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]+")) throw new IllegalArgumentException("http check of " + service + ": not an HTTP method: " + check.method());
    if (check.timeout().isZero() || check.timeout().isNegative()) throw new IllegalArgumentException("http check of " + service + ": timeout must be positive");
    if (check.maxRedirects() < 0) throw new IllegalArgumentException("http check of " + service + ": max_redirects must not be negative");
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public ProbeResult check() {
    Elapsed t = new Elapsed(check.timeout());
    List<URI> visited = new ArrayList<>(List.of(uri));
    URI current = uri;
    String currentMethod = method;
    while (true) {
      HttpResponse<String> response;
      try {
        response = exchange(current, currentMethod, t);
      } catch (Failure f) {
        return t.down(f.getMessage());
      }
      int status = response.statusCode();
      OptionalInt code = OptionalInt.of(status);
      var location = response.headers().firstValue("Location");
      if (isRedirect(status) && location.isPresent() && check.maxRedirects() > 0) {
        URI next;
        try {
          next = current.resolve(new URI(location.get().trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          return down(t, code, "redirect from " + current + " to an invalid Location: " + location.get());
        }
        if (visited.contains(next)) {
          visited.add(next);
          return down(t, code, "redirect loop: " + String.join(" -> ", visited.stream().map(URI::toString).toList()));
        }
        if (visited.size() > check.maxRedirects()) {
          return down(t, code, "more than " + check.maxRedirects() + " redirects starting at " + uri);
        }
        visited.add(next);
        if (status == 303 || ((status == 301 || status == 302) && currentMethod.equals("POST"))) currentMethod = "GET";
        current = next;
        continue;
      }
      if (!check.expectStatus().contains(status)) {
        return down(t, code, "HTTP " + status + " from " + current + ", expected " + range());
      }
      if (check.expectBody() != null && !check.expectBody().matcher(response.body()).find()) {
        return down(t, code, "body of " + current + " has no match for /" + check.expectBody().pattern() + "/");
      }
      return new ProbeResult(true, t.elapsed(), "", code);
    }
  }

  private HttpResponse<String> exchange(URI target, String verb, Elapsed t) throws Failure {
    if (t.remaining().isZero()) throw new Failure(timedOut(target));
    HttpRequest request = HttpRequest.newBuilder(target)
        .method(verb, HttpRequest.BodyPublishers.noBody())
        .timeout(t.remaining())
        .header("User-Agent", UserAgent.VALUE)
        .build();
    boolean wantBody = check.expectBody() != null && !verb.equals("HEAD");
    HttpResponse.BodyHandler<String> body = info -> wantBody && !isRedirect(info.statusCode())
        ? new BoundedBody(BODY_LIMIT) : HttpResponse.BodySubscribers.replacing("");
    CompletableFuture<HttpResponse<String>> pending = HttpClients.get(check.tlsVerify()).sendAsync(request, body);
    try {
      return pending.get(Math.max(1, t.remaining().toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new Failure(timedOut(target));
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failure("check of " + target + " was interrupted");
    } catch (ExecutionException e) {
      throw new Failure(describe(target, e.getCause()));
    }
  }

  private String timedOut(URI target) {
    return "no response from " + target + " within " + Durations.format(check.timeout());
  }

  /** A failed exchange as a reason a person can act on. */
  private String describe(URI target, Throwable error) {
    String host = target.getHost() + (target.getPort() > 0 ? ":" + target.getPort() : "");
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
        return "cannot resolve host " + target.getHost();
      }
      if (c instanceof HttpConnectTimeoutException) return "connect to " + host + " timed out";
      if (c instanceof HttpTimeoutException) return timedOut(target);
      if (c instanceof SSLHandshakeException) return "TLS handshake with " + host + " failed: " + c.getMessage();
      if (c instanceof SSLException) return "TLS failure talking to " + host + ": " + c.getMessage();
    }
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) return "connection to " + host + " refused";
    }
    if (error instanceof IOException) return "request to " + target + " failed: " + error.getMessage();
    return "request to " + target + " failed: " + error;
  }

  private String range() {
    var r = check.expectStatus();
    return r.min() == r.max() ? String.valueOf(r.min()) : r.min() + "-" + r.max();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static ProbeResult down(Elapsed t, OptionalInt code, String reason) {
    return new ProbeResult(false, t.elapsed(), reason, code);
  }

  /** Read once, on first use (never in a constructor). */
  private static final class UserAgent {
    static final String VALUE = "hostkeeper-probe/" + io.hostkeeper.common.BuildInfo.load().version();
  }

  /** A reason the exchange failed, carried out of {@link #exchange}. */
  private static final class Failure extends Exception {
    Failure(String reason) {
      super(reason, null, false, false);
    }
  }
}
