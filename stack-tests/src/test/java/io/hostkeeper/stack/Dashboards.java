package io.hostkeeper.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shipped Grafana dashboards and their panel queries. */
final class Dashboards {
  private Dashboards() {}

  /** One query of one panel: {@code key} is "dashboard uid / panel title / refId". */
  record PanelQuery(String dashboard, String panel, String refId, String expr) {
    String key() {
      return dashboard + " / " + panel + " / " + refId;
    }
  }

  static List<Path> files() {
    try (Stream<Path> s = Files.list(Repo.path("grafana", "dashboards"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    return Json.read(Repo.read(file));
  }

  static List<PanelQuery> queries(JsonNode dashboard) {
    List<PanelQuery> out = new ArrayList<>();
    String uid = dashboard.path("uid").asText();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(new PanelQuery(uid, panel.path("title").asText(), target.path("refId").asText(), target.path("expr").asText()));
      }
    }
    return out;
  }

  /** The query of template variable {@code name}, e.g. {@code label_values(up{job=~"$job"}, instance)}. */
  static String variableQuery(JsonNode dashboard, String name) {
    JsonNode q = variable(dashboard, name).path("query");
    return q.isObject() ? q.path("query").asText() : q.asText();
  }

  /** Template variable {@code name} of the dashboard. */
  static JsonNode variable(JsonNode dashboard, String name) {
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (name.equals(v.path("name").asText())) return v;
    }
    throw new AssertionError(dashboard.path("uid").asText() + " has no variable " + name);
  }

  /** The names of the dashboard's template variables, in their order (each may use the ones before). */
  static List<String> variableNames(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) out.add(v.path("name").asText());
    return out;
  }
}
