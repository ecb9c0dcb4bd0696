package io.hostkeeper.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders {@code GET /api/services} for people. Pure. */
final class ServiceTable {
  private ServiceTable() {}

  static String render(JsonNode body) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "CHECK", "STATE", "FAILURES", "RESTARTS", "LAST CHECK"});
    for (JsonNode s : body.path("services")) {
      if (!s.path("watched").asBoolean()) {
        rows.add(new String[] {s.path("name").asText(), s.path("check").asText(), "not watched (no restart:)", "-", "-", "-"});
        continue;
      }
      JsonNode check = s.path("last_check");
      String last = check.path("at").isNull() || check.path("at").isMissingNode() ? "-"
          : check.path("at").asText() + (check.path("up").asBoolean() ? " up" : " down");
      rows.add(new String[] {s.path("name").asText(), s.path("check").asText(), s.path("state").asText(),
          s.path("consecutive_failures").asText() + "/" + s.path("after_failures").asText(),
          s.path("restarts_in_window").asText() + "/" + s.path("max_restarts").asText(), last});
    }
    return JobTable.align(rows);
  }

  static String detail(JsonNode s) {
    StringBuilder b = new StringBuilder();
    line(b, "service", s.path("name"));
    line(b, "check", s.path("check"));
    if (!s.path("watched").asBoolean()) return b.append("watched: no (no restart: block)").toString();
    line(b, "command", s.path("command"));
    if (s.has("shares_restart_with")) line(b, "shares restart with", s.path("shares_restart_with"));
    line(b, "state", s.path("state"));
    line(b, "since", s.path("since"));
    b.append("failures: ").append(s.path("consecutive_failures").asText()).append(" of ")
        .append(s.path("after_failures").asText()).append(" before a restart\n");
    b.append("restarts: ").append(s.path("restarts_in_window").asText()).append(" of ")
        .append(s.path("max_restarts").asText()).append(" within ").append(s.path("window_seconds").asText()).append("s\n");
    line(b, "next restart allowed at", s.path("next_restart_allowed_at"));
    line(b, "grace until", s.path("grace_until"));
    JsonNode check = s.path("last_check");
    if (check.path("at").isTextual()) {
      String reason = check.path("reason").asText("");
      b.append("last check: ").append(check.path("at").asText()).append(check.path("up").asBoolean() ? " up" : " down")
          .append(reason.isEmpty() ? "" : " (" + reason + ")").append('\n');
    } else {
      b.append("last check: -\n");
    }
    line(b, "last restart", s.path("last_restart_at"));
    line(b, "last restart result", s.path("last_restart_result"));
    for (JsonNode r : s.path("recent_restarts")) b.append("  restart: ").append(r.toString()).append('\n');
    if ("gave_up".equals(s.path("state").asText())) {
      b.append("the watchdog gave up: fix the service, then `hostkeeper-worker services rearm ")
          .append(s.path("name").asText()).append("`\n");
    }
    return b.toString().stripTrailing();
  }

  static String outputTail(JsonNode restart) {
    String tail = restart.path("output_tail").asText("");
    return tail.isBlank() ? "" : "\noutput:\n" + tail.stripTrailing();
  }

  private static void line(StringBuilder b, String label, JsonNode v) {
    String text;
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(p -> parts.add(p.asText()));
      text = String.join(" ", parts);
    } else {
      text = JobTable.text(v);
    }
    b.append(label).append(": ").append(text).append('\n');
  }
}
