package io.hostkeeper.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Small JSON-over-HTTP client for the Prometheus and Alertmanager APIs. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Json() {}

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  static JsonNode getJson(String url) {
    HttpResponse<String> r = get(url);
    if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + " -> " + r.statusCode() + ": " + r.body());
    return read(r.body());
  }

  static HttpResponse<String> postJson(String url, Object body) {
    try {
      String json = MAPPER.writeValueAsString(body);
      return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request with a bearer token (the worker's admin API); {@code body} null means GET. */
  static HttpResponse<String> withToken(String method, String url, String token) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode read(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + s, e);
    }
  }

  private static HttpResponse<String> send(HttpRequest req) {
    try {
      return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(req.method() + " " + req.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
