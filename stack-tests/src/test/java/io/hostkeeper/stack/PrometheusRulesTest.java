package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** prometheus/: promtool checks and unit tests, and the conventions every alert must follow. */
class PrometheusRulesTest {
  private static final List<String> SEVERITIES = List.of("warning", "critical");
  private static final String RUNBOOK = "https://github.com/hostkeeper/hostkeeper/blob/main/docs/runbook.md#";

  private static Path promtool() {
    return RealStack.require("prometheus", "promtool");
  }

  @Test
  void configIsValid() {
    Run.Result r = Run.run(Repo.path("prometheus"), List.of(promtool().toString(), "check", "config", "prometheus.yml"));
    assertTrue(r.ok(), r.output());
    // every rule file found through the rule_files glob
    for (Path f : RulesFiles.ruleFiles()) assertTrue(r.output().contains(f.getFileName().toString()), r.output());
  }

  @Test
  void rulesAreValidAndLintFree() {
    for (Path f : RulesFiles.ruleFiles()) {
      Run.Result r = Run.run(Repo.path("prometheus"), List.of(promtool().toString(), "check", "rules", f.toString()));
      assertTrue(r.ok(), r.output());
      assertFalse(r.output().contains("WARNING"), r.output());
    }
  }

  @Test
  void unitTestsPass() {
    for (Path f : RulesFiles.testFiles()) {
      Run.Result r = Run.run(Repo.path("prometheus", "tests"), List.of(promtool().toString(), "test", "rules", f.getFileName().toString()));
      assertTrue(r.ok(), f + ":\n" + r.output());
      assertTrue(r.output().contains("SUCCESS"), r.output());
    }
  }

  /** Alerts whose point is to count hosts together; every other rule keeps each host's labels. */
  private static final Set<String> FLEET_AGGREGATES = Set.of("HostsLostContact");
  private static final Pattern AGGREGATION_BY = Pattern.compile(
      "\\b(sum|min|max|avg|count|group|stddev|stdvar|topk|bottomk|quantile|count_values)\\s+by\\s*\\(|\\)\\s*by\\s*\\(");

  /**
   * A host's target labels (site, role, host, and whatever else its file_sd file gives it) route,
   * group and name its alerts, so no recording rule or alert may aggregate them away: aggregations
   * say which labels go ("without"), never which stay ("by"), except in the fleet alerts that
   * count hosts per site. The promtool tests check the labels on the results; this catches a
   * "by" in a rule those tests do not cover.
   */
  @Test
  void rulesAggregateWithoutNeverByAndKeepTheHostsTargetLabels() {
    for (RulesFiles.Rule r : RulesFiles.allRules()) {
      String name = r.alert() != null ? r.alert() : r.record();
      if (FLEET_AGGREGATES.contains(name)) continue;
      assertFalse(AGGREGATION_BY.matcher(r.expr()).find(), r.file().getFileName() + " " + name
          + " aggregates \"by\" and drops the hosts' target labels; use \"without\" the metric's own labels: " + r.expr());
    }
  }

  /**
   * Groups are evaluated independently, the rules of one group in order: an alert reading a
   * recording rule of another group would see it one interval late (or not at all).
   */
  @Test
  void recordingRulesComeBeforeTheirReadersInTheSameGroup() {
    List<RulesFiles.Rule> all = RulesFiles.allRules();
    for (int i = 0; i < all.size(); i++) {
      RulesFiles.Rule reader = all.get(i);
      for (int j = 0; j < all.size(); j++) {
        RulesFiles.Rule rec = all.get(j);
        if (rec.record() == null || !Pattern.compile("\\b" + Pattern.quote(rec.record()) + "\\b").matcher(reader.expr()).find()) continue;
        assertEquals(rec.group(), reader.group(), (reader.alert() != null ? reader.alert() : reader.record()) + " reads " + rec.record());
        assertTrue(j < i, rec.record() + " is defined before " + (reader.alert() != null ? reader.alert() : reader.record()));
      }
    }
  }

  @Test
  void oneTestFilePerRulesFile() {
    Set<String> rules = new TreeSet<>();
    for (Path f : RulesFiles.ruleFiles()) rules.add(f.getFileName().toString().replace(".yml", "_test.yml"));
    Set<String> tests = new TreeSet<>();
    for (Path f : RulesFiles.testFiles()) tests.add(f.getFileName().toString());
    assertEquals(rules, tests);
    for (Path t : RulesFiles.testFiles()) {
      String rulesFile = t.getFileName().toString().replace("_test.yml", ".yml");
      assertTrue(Repo.read(t).contains("rule_files: [../rules/" + rulesFile + "]"), t + " tests " + rulesFile);
    }
  }

  /** Every alert (and each severity of it) has a test case where it fires and one where it must not. */
  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasAFiringAndANonFiringCaseWithAnnotations() {
    for (Path rulesFile : RulesFiles.ruleFiles()) {
      Path test = Repo.path("prometheus", "tests", rulesFile.getFileName().toString().replace(".yml", "_test.yml"));
      Map<String, Object> doc = (Map<String, Object>) RulesFiles.yaml(Repo.read(test));
      Map<String, Set<String>> firedSeverities = new HashMap<>();
      Set<String> quiet = new HashSet<>();
      for (Object t : (List<Object>) doc.get("tests")) {
        for (Object c : (List<Object>) ((Map<String, Object>) t).getOrDefault("alert_rule_test", List.of())) {
          Map<String, Object> cse = (Map<String, Object>) c;
          String name = (String) cse.get("alertname");
          List<Object> exp = (List<Object>) cse.getOrDefault("exp_alerts", List.of());
          if (exp == null || exp.isEmpty()) quiet.add(name);
          for (Object e : exp == null ? List.of() : exp) {
            Map<String, Object> ea = (Map<String, Object>) e;
            Map<String, Object> ann = (Map<String, Object>) ea.get("exp_annotations");
            assertTrue(ann != null && ann.keySet().containsAll(List.of("summary", "description", "runbook_url")),
                name + " in " + test + ": annotations asserted");
            String sev = (String) ((Map<String, Object>) ea.get("exp_labels")).get("severity");
            firedSeverities.computeIfAbsent(name, k -> new HashSet<>()).add(sev);
          }
        }
      }
      for (RulesFiles.Rule r : RulesFiles.rules(rulesFile)) {
        if (r.alert() == null) continue;
        assertTrue(quiet.contains(r.alert()), r.alert() + ": no non-firing case in " + test);
        assertTrue(firedSeverities.getOrDefault(r.alert(), Set.of()).contains(r.labels().get("severity")),
            r.alert() + " (" + r.labels().get("severity") + "): no firing case in " + test);
      }
    }
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionWithValueAndARunbookSection() {
    String runbook = Repo.read(Repo.path("docs", "runbook.md"));
    Set<String> anchors = new HashSet<>();
    Matcher h = Pattern.compile("(?m)^### (\\S+)\\s*$").matcher(runbook);
    while (h.find()) anchors.add(h.group(1).toLowerCase());
    int alerts = 0;
    for (RulesFiles.Rule r : RulesFiles.allRules()) {
      if (r.alert() == null) {
        assertTrue(r.record().matches("[a-z_]+:[a-z0-9_]+(:[a-z0-9_]+)?"), "recording rule name level:metric[:operations]: " + r.record());
        continue;
      }
      alerts++;
      String where = r.alert() + " in " + r.file().getFileName();
      assertTrue(SEVERITIES.contains(r.labels().get("severity")), where + ": severity");
      assertTrue(r.annotations().get("summary") instanceof String s && !s.isBlank(), where + ": summary");
      assertTrue(String.valueOf(r.annotations().get("description")).contains("$value"), where + ": description shows the value");
      String url = String.valueOf(r.annotations().get("runbook_url"));
      assertTrue(url.startsWith(RUNBOOK), where + ": runbook_url " + url);
      String anchor = url.substring(RUNBOOK.length());
      assertEquals(r.alert().toLowerCase(), anchor, where + ": anchor named after the alert");
      assertTrue(anchors.contains(anchor), where + ": docs/runbook.md has no section '### " + r.alert() + "'");
      for (String section : List.of("What it means", "How to check", "How to fix")) {
        int at = runbook.indexOf("### " + r.alert() + "\n");
        int next = runbook.indexOf("\n### ", at + 1);
        String body = runbook.substring(at, next < 0 ? runbook.length() : next);
        assertTrue(body.contains("**" + section + "**"), where + ": runbook section lacks '" + section + "'");
      }
    }
    assertTrue(alerts >= 20, "alerts found: " + alerts);
  }
}
