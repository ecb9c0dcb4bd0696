package io.hostkeeper.worker.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What happened to one live log in one run; becomes part of the job's history details. */
final class LogReport {
  final String file;
  String decision = "";
  String rotatedTo;
  boolean resumed;
  final List<String> compressed = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  final List<String> cleaned = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  Long copyTruncateWindowNanos;

  LogReport(String file) {
    this.file = file;
  }

  /** Nothing rotated, compressed, deleted, cleaned, noted or wrong: the log was not due. */
  boolean idle() {
    return rotatedTo == null && !resumed && compressed.isEmpty() && deleted.isEmpty() && cleaned.isEmpty()
        && notes.isEmpty() && problems.isEmpty();
  }

  boolean failed() {
    return !problems.isEmpty();
  }

  Map<String, Object> toDetails() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("decision", decision);
    if (rotatedTo != null) m.put("rotated_to", rotatedTo);
    if (resumed) m.put("resumed_interrupted_rotation", true);
    if (!compressed.isEmpty()) m.put("compressed", List.copyOf(compressed));
    if (!deleted.isEmpty()) m.put("deleted", List.copyOf(deleted));
    if (!cleaned.isEmpty()) m.put("cleaned_leftovers", List.copyOf(cleaned));
    if (!notes.isEmpty()) m.put("notes", List.copyOf(notes));
    if (!problems.isEmpty()) m.put("problems", List.copyOf(problems));
    if (copyTruncateWindowNanos != null) m.put("copytruncate_window_seconds", copyTruncateWindowNanos / 1e9);
    return m;
  }
}
