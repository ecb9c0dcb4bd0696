package io.hostkeeper.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.HostPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The CLI's client of the running worker's admin API. */
final class AdminClient {
  /** An answer with a status and a JSON body. */
  record Answer(int status, JsonNode body) {
    String errorMessage() {
      JsonNode m = body.get("message");
      return m == null ? "HTTP " + status : m.asText();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  AdminClient(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  /** The URL to reach a worker listening on {@code listen} from this host. */
  static String baseUrl(HostPort listen) {
    String host = listen.host();
    if (host.equals("0.0.0.0")) host = "127.0.0.1";
    if (host.equals("::")) host = "::1";
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listen.port();
  }

  static String jobPath(String name) {
    return "/api/jobs/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Answer get(String path) {
    return send("GET", path);
  }

  Answer post(String path) {
    return send("POST", path);
  }

  private Answer send(String method, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new StartupFailure("cannot reach the worker's admin API at " + base + " (connection refused): is the worker"
          + " running with this configuration?");
    } catch (IOException e) {
      throw new StartupFailure("admin API at " + base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupFailure("interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    } catch (IOException e) {
      throw new StartupFailure("admin API at " + base + " answered HTTP " + response.statusCode() + " with a body that is not JSON:"
          + " is " + base + " really the worker's admin address?");
    }
    if (response.statusCode() == 401) {
      throw new StartupFailure("the worker refused the admin token (" + body.path("message").asText() + "): the CLI"
          + " reads it like the worker does, so use the same --config");
    }
    return new Answer(response.statusCode(), body);
  }
}
