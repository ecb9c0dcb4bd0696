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

  @Test
  void theFourDashboardsExist() {
    Set<String> titles = new TreeSet<>();
    for (Path f : Dashboards.files()) titles.add(Dashboards.read(f).path("title").asText());
    assertEquals(new TreeSet<>(List.of("hostkeeper / Backups and jobs", "hostkeeper / Exporter health",
        "hostkeeper / Host overview", "hostkeeper / Services")), titles);
  }

  @Test
  void everyPanelUsesTheProvisionedDatasourceAndTheVariables() {
    String ds = Repo.read(Repo.path("grafana", "provisioning", "datasources", "prometheus.yml"));
    assertTrue(ds.contains("uid: " + DATASOURCE_UID), "datasource uid fixed");
    Set<String> uids = new HashSet<>();
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      assertTrue(uids.add(d.path("uid").asText()), "unique dashboard uid " + f);
      Dashboards.variableQuery(d, "job");
      assertTrue(Dashboards.variableQuery(d, "instance").contains("$job"), f + ": instance depends on job");
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : d.path("panels")) {
        assertTrue(ids.add(p.path("id").asInt()), f + ": unique panel id " + p.path("id"));
        if ("row".equals(p.path("type").asText())) continue;
        assertEquals(DATASOURCE_UID, p.path("datasource").path("uid").asText(), f + " / " + p.path("title"));
        assertFalse(p.path("targets").isEmpty(), f + " / " + p.path("title") + " has a query");
      }
      for (Dashboards.PanelQuery q : Dashboards.queries(d)) {
        assertTrue(q.expr().contains("job=~\"$job\"") && q.expr().contains("instance=~\"$instance\""),
            q.key() + " filters by both variables: " + q.expr());
      }
    }
  }
}
