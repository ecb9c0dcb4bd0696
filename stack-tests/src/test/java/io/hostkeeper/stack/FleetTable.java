package io.hostkeeper.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet dashboard's "Hosts" table as Grafana builds it: every query of the panel, run with
 * "All" sites and instances, merged by instance into one row per host, each value under its
 * column's name (the panel's renameByName). A cell a query has no series for is absent.
 */
final class FleetTable {
  private FleetTable() {}

  static Map<String, Map<String, Double>> read(PrometheusUnderTest prometheus, Path dashboard) {
    JsonNode d = Dashboards.read(dashboard);
    JsonNode table = null;
    for (JsonNode p : d.path("panels")) if ("Hosts".equals(p.path("title").asText())) table = p;
    if (table == null) throw new AssertionError(dashboard + " has no Hosts table");
    JsonNode names = table.path("transformations").get(1).path("options").path("renameByName");
    Map<String, Map<String, Double>> rows = new TreeMap<>();
    for (JsonNode t : table.path("targets")) {
      String column = names.path("Value #" + t.path("refId").asText()).asText();
      String expr = t.path("expr").asText().replace("$site", ".*").replace("$instance", ".*");
      for (JsonNode s : prometheus.query(expr)) {
        rows.computeIfAbsent(s.path("metric").path("instance").asText(), k -> new TreeMap<>())
            .put(column, s.path("value").get(1).asDouble());
      }
    }
    return rows;
  }
}
