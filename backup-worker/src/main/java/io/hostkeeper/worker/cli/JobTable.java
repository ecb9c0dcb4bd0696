package io.hostkeeper.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders {@code GET /api/jobs} as an aligned text table. Pure. */
final class JobTable {
  private JobTable() {}

  static String render(JsonNode body) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "STATE", "SCHEDULE", "NEXT RUN", "LAST RESULT", "LAST RUN"});
    for (JsonNode j : body.path("jobs")) {
      String state = j.path("running").asBoolean() ? "running" : j.path("state").asText();
      JsonNode last = j.path("last_result");
      rows.add(new String[] {
          j.path("name").asText(), state, j.path("schedule").asText(), text(j.path("next_run")),
          last.isObject() ? last.path("result").asText() : "-", text(j.path("previous_run"))});
    }
    String table = align(rows);
    return "paused".equals(body.path("scheduler").asText())
        ? "scheduler: PAUSED (no job starts until resumed)\n" + table : table;
  }

  static String align(List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  /** Renders {@code GET /api/jobs/{name}/runs}. */
  static String runs(JsonNode body) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "TRIGGER", "STARTED", "DURATION", "RESULT", "MESSAGE"});
    for (JsonNode r : body.path("runs")) {
      JsonNode d = r.path("duration_seconds");
      rows.add(new String[] {r.path("id").asText(), r.path("trigger").asText(), r.path("started_at").asText(),
          d.isNumber() ? String.format(java.util.Locale.ROOT, "%.3fs", d.asDouble()) : "-",
          r.path("result").asText(), oneLine(r.path("message"))});
    }
    return align(rows);
  }

  /** Renders {@code GET /api/runs/{id}}: every field, the details as indented JSON. */
  static String run(JsonNode r) {
    StringBuilder b = new StringBuilder();
    for (String field : List.of("id", "job", "trigger", "result", "scheduled_at", "started_at", "ended_at", "duration_seconds", "message")) {
      b.append(field).append(": ").append(text(r.path(field))).append('\n');
    }
    JsonNode details = r.path("details");
    if (details.isObject() || details.isArray()) {
      try {
        b.append("details:\n").append(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsString(details));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        b.append("details: ").append(details);
      }
    } else {
      b.append("details: -");
    }
    return b.toString();
  }

  private static String oneLine(JsonNode n) {
    String s = text(n).replaceAll("\\p{Cntrl}", " ");
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
  }
}
