package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Shape of grafana/: provisioning, and what every dashboard must have. */
class DashboardsStaticTest {
  static final String DATASOURCE_UID = "hostkeeper-prometheus";
  static final String FLEET_UID = "hostkeeper-fleet";

  @Test
  void theFiveDashboardsExist() {
    Set<String> titles = new TreeSet<>();
    for (Path f : Dashboards.files()) titles.add(Dashboards.read(f).path("title").asText());
    assertEquals(new TreeSet<>(List.of("hostkeeper / Backups and jobs", "hostkeeper / Exporter health",
        "hostkeeper / Fleet", "hostkeeper / Host overview", "hostkeeper / Services")), titles);
  }

  /** The fleet table: one row per host from fleet.yml's recording rules, every column named, a link to the host. */
  @Test
  void fleetTableReadsOneRecordedSeriesPerHostAndColumnAndLinksToTheHost() {
    JsonNode d = Dashboards.read(Repo.path("grafana", "dashboards", "fleet.json"));
    JsonNode table = null;
    for (JsonNode p : d.path("panels")) if ("Hosts".equals(p.path("title").asText())) table = p;
    assertTrue(table != null && "table".equals(table.path("type").asText()), "a Hosts table");
    Set<String> recorded = new HashSet<>();
    for (RulesFiles.Rule r : RulesFiles.rules(Repo.path("prometheus", "rules", "fleet.yml"))) {
      if (r.record() != null) recorded.add(r.record());
    }
    Set<String> columns = new TreeSet<>();
    for (JsonNode t : table.path("targets")) {
      String expr = t.path("expr").asText();
      String metric = expr.substring(0, expr.indexOf('{'));
      assertTrue(recorded.contains(metric), "column reads a recording rule of fleet.yml: " + expr);
      assertEquals("table", t.path("format").asText());
      assertTrue(t.path("instant").asBoolean(), expr + " is instant");
      columns.add(table.path("transformations").get(1).path("options").path("renameByName").path("Value #" + t.path("refId").asText()).asText());
    }
    assertEquals(new TreeSet<>(List.of("up", "CPU", "memory", "worst disk", "hottest sensor", "services down", "last backup",
        "last copy", "watchdog gave up")), columns);
    assertTrue(table.toString().contains("/d/hostkeeper-host/"), "the instance links to the host overview");
  }

  @Test
  void everyPanelUsesTheProvisionedDatasourceAndTheVariables() {
    String ds = Repo.read(Repo.path("grafana", "provisioning", "datasources", "prometheus.yml"));
    assertTrue(ds.contains("uid: " + DATASOURCE_UID), "datasource uid fixed");
    Set<String> uids = new HashSet<>();
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      assertTrue(uids.add(d.path("uid").asText()), "unique dashboard uid " + f);
      boolean fleet = FLEET_UID.equals(d.path("uid").asText());
      assertTrue(Dashboards.variableQuery(d, "site").startsWith("label_values("), f + ": a site variable");
      assertEquals(".*", Dashboards.variable(d, "site").path("allValue").asText(), f + ": All sites includes hosts without a site");
      assertTrue(Dashboards.variableQuery(d, "instance").contains("site=~\"$site\""), f + ": instance depends on site");
      if (!fleet) {
        Dashboards.variableQuery(d, "job");
        assertTrue(Dashboards.variableQuery(d, "instance").contains("$job"), f + ": instance depends on job");
      }
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        assertTrue(ids.add(p.path("id").asInt()), f + ": unique panel id " + p.path("id"));
        if ("row".equals(p.path("type").asText())) continue;
        assertEquals(DATASOURCE_UID, p.path("datasource").path("uid").asText(), f + " / " + p.path("title"));
        assertFalse(p.path("targets").isEmpty(), f + " / " + p.path("title") + " has a query");
      }
      for (Dashboards.PanelQuery q : Dashboards.queries(d)) {
        assertTrue((fleet || q.expr().contains("job=~\"$job\"")) && q.expr().contains("instance=~\"$instance\""),
            q.key() + " filters by the variables: " + q.expr());
      }
    }
  }
}
