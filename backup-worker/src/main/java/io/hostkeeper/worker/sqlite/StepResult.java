package io.hostkeeper.worker.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one maintenance step did or found. */
public record StepResult(String step, Status status, String summary, Map<String, Object> found, double seconds) {

  public enum Status { OK, FAILED, SKIPPED }

  public StepResult {
    found = Map.copyOf(found);
  }

  Map<String, Object> toDetails() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("result", status.name().toLowerCase(java.util.Locale.ROOT));
    m.put("summary", summary);
    if (!found.isEmpty()) m.put("found", found);
    m.put("duration_seconds", seconds);
    return m;
  }
}
