package io.hostkeeper.worker.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to one live log in one run; becomes part of the job's history details. Immutable:
 * one rotation fills a {@link Builder} as it goes and builds the report once at its end.
 *
 * @param copyTruncateWindowNanos how long the copytruncate window was open, null when none
 */
record LogReport(String file, String decision, String rotatedTo, boolean resumed, List<String> compressed,
    List<String> deleted, List<String> cleaned, List<String> notes, List<String> problems,
    Long copyTruncateWindowNanos) {

  LogReport {
    compressed = List.copyOf(compressed);
    deleted = List.copyOf(deleted);
    cleaned = List.copyOf(cleaned);
    notes = List.copyOf(notes);
    problems = List.copyOf(problems);
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
    if (!compressed.isEmpty()) m.put("compressed", compressed);
    if (!deleted.isEmpty()) m.put("deleted", deleted);
    if (!cleaned.isEmpty()) m.put("cleaned_leftovers", cleaned);
    if (!notes.isEmpty()) m.put("notes", notes);
    if (!problems.isEmpty()) m.put("problems", problems);
    if (copyTruncateWindowNanos != null) m.put("copytruncate_window_seconds", copyTruncateWindowNanos / 1e9);
    return m;
  }

  /** Filled by the steps of one rotation (a local of {@link LogRotateJob#rotateFile}), built once. */
  static final class Builder {
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

    Builder(String file) {
      this.file = file;
    }

    LogReport build() {
      return new LogReport(file, decision, rotatedTo, resumed, compressed, deleted, cleaned, notes, problems,
          copyTruncateWindowNanos);
    }
  }
}
