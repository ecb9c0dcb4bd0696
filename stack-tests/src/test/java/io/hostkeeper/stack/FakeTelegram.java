package io.hostkeeper.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1, for Alertmanager's {@code api_url}. It answers
 * {@code POST /bot<token>/sendMessage} (JSON or form body) the way Telegram does, with
 * {@code {"ok":true,"result":<Message>}}, answers {@code getMe}, rejects a wrong token with 401
 * like Telegram, and records every message it accepted.
 */
final class FakeTelegram implements AutoCloseable {
  /** One accepted sendMessage call. */
  record Sent(long chatId, String text, String parseMode, boolean disableNotification) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final String token;
  private final List<Sent> sent = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  FakeTelegram(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<Sent> messages() {
    return List.copyOf(sent);
  }

  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      synchronized (this) {
        requests.add(ex.getRequestMethod() + " " + path);
      }
      String prefix = "/bot" + token + "/";
      if (!path.startsWith(prefix)) {
        reply(ex, 401, error(401, "Unauthorized"));
        return;
      }
      String method = path.substring(prefix.length());
      JsonNode params = parse(ex.getRequestHeaders().getFirst("Content-Type"), body);
      switch (method) {
        case "getMe" -> {
          ObjectNode user = JSON.createObjectNode().put("id", 4242).put("is_bot", true)
              .put("first_name", "hostkeeper-test").put("username", "hostkeeper_test_bot");
          reply(ex, 200, ok(user));
        }
        case "sendMessage" -> {
          String text = params.path("text").asText("");
          if (text.isEmpty()) {
            reply(ex, 400, error(400, "Bad Request: message text is empty"));
            return;
          }
          long chatId = params.path("chat_id").asLong();
          Sent s = new Sent(chatId, text, params.path("parse_mode").asText(""),
              params.path("disable_notification").asBoolean(false));
          synchronized (this) {
            sent.add(s);
          }
          ObjectNode msg = JSON.createObjectNode().put("message_id", nextId.getAndIncrement())
              .put("date", System.currentTimeMillis() / 1000).put("text", text);
          msg.putObject("chat").put("id", chatId).put("type", "private");
          reply(ex, 200, ok(msg));
        }
        default -> reply(ex, 404, error(404, "Not Found"));
      }
    }
  }

  private static JsonNode parse(String contentType, byte[] body) throws IOException {
    String text = new String(body, StandardCharsets.UTF_8);
    if (contentType != null && contentType.contains("json")) return JSON.readTree(text);
    ObjectNode form = JSON.createObjectNode();
    if (text.isBlank()) return form;
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(k, v);
    }
    return form;
  }

  private static ObjectNode ok(JsonNode result) {
    ObjectNode n = JSON.createObjectNode().put("ok", true);
    n.set("result", result);
    return n;
  }

  private static ObjectNode error(int code, String description) {
    return JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
  }

  private static void reply(HttpExchange ex, int status, JsonNode json) throws IOException {
    byte[] b = JSON.writeValueAsBytes(json);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
