package io.hostkeeper.exporter.collector.textfile;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the families of several parsed files into one set of snapshots. Pure. Files are taken in
 * the order given (the collector sorts them by name); the first file to define a family sets its
 * TYPE and HELP (a family no file gives a HELP says which files it was read from). What cannot go out is reported by family, and everything else still goes out:
 * <ul>
 *   <li>a family under the {@code hostkeeper_} prefix, which belongs to the built-in collectors;
 *   <li>a later file's part of a family whose TYPE or HELP differs from the first file's;
 *   <li>a series a later file repeats (the first one is kept);
 *   <li>a family the snapshot model cannot carry ({@link FamilySnapshots}).
 * </ul>
 * A file whose series would take the total past {@code maxSeries} is skipped whole.
 */
public final class TextfileMerge {
  /** The prefix of every built-in family; a text file may not add to or shadow one. */
  public static final String RESERVED_PREFIX = "hostkeeper_";

  private TextfileMerge() {}

  /** One parsed file. */
  public record FileFamilies(String file, List<ParsedFamily> families) {
    public FileFamilies {
      families = List.copyOf(families);
    }

    int series() {
      int n = 0;
      for (ParsedFamily f : families) n += f.samples().size();
      return n;
    }
  }

  /**
   * A family (part) left out.
   *
   * @param reason one of {@code builtin_collision}, {@code conflicting_type}, {@code conflicting_help},
   *     {@code duplicate_series}, {@code unsupported}
   * @param detail a sentence for the log naming the file
   */
  public record Problem(String family, String reason, String detail) {}

  /** The merged families, the family problems, and the files skipped for the series limit. */
  public record Result(List<MetricSnapshot> snapshots, List<Problem> problems, List<String> overLimit, int series) {}

  public static Result merge(List<FileFamilies> files, int maxSeries) {
    Map<String, ParsedFamily> first = new LinkedHashMap<>();
    Map<String, List<ParsedFamily.Sample>> samples = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    Map<String, List<String>> sources = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    List<String> overLimit = new ArrayList<>();
    int total = 0;
    for (FileFamilies file : files) {
      if (total + file.series() > maxSeries) {
        overLimit.add(file.file());
        continue;
      }
      for (ParsedFamily f : file.families()) {
        if (f.name().startsWith(RESERVED_PREFIX)) {
          problems.add(new Problem(f.name(), "builtin_collision", file.file() + ": " + f.name()
              + " uses the hostkeeper_ prefix of the built-in families; rename it"));
          continue;
        }
        ParsedFamily known = first.get(f.name());
        if (known == null) {
          first.put(f.name(), f);
          samples.put(f.name(), new ArrayList<>());
          seen.put(f.name(), new HashSet<>());
          sources.put(f.name(), new ArrayList<>());
        } else if (!known.type().equals(f.type())) {
          problems.add(new Problem(f.name(), "conflicting_type", file.file() + ": TYPE of " + f.name() + " is " + f.type()
              + " where an earlier file says " + known.type() + "; this file's part is left out"));
          continue;
        } else if (!known.help().equals(f.help()) && !known.help().isEmpty() && !f.help().isEmpty()) {
          problems.add(new Problem(f.name(), "conflicting_help", file.file() + ": HELP of " + f.name()
              + " differs from an earlier file's; this file's part is left out"));
          continue;
        }
        sources.get(f.name()).add(file.file());
        boolean duplicate = false;
        for (ParsedFamily.Sample s : f.samples()) {
          if (seen.get(f.name()).add(s.name() + new TreeMap<>(s.labels()))) {
            samples.get(f.name()).add(s);
            total++;
          } else {
            duplicate = true;
          }
        }
        if (duplicate) {
          problems.add(new Problem(f.name(), "duplicate_series", file.file() + ": repeats series of " + f.name()
              + " that an earlier file has; the earlier ones are kept"));
        }
      }
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (ParsedFamily f : first.values()) {
      // a family without HELP says where it comes from (promtool wants a help text)
      String help = f.help().isEmpty() ? "Metric read from " + String.join(", ", sources.get(f.name())) : f.help();
      ParsedFamily merged = new ParsedFamily(f.name(), f.type(), help, samples.get(f.name()));
      try {
        out.add(FamilySnapshots.toSnapshot(merged));
      } catch (FamilySnapshots.Refused e) {
        problems.add(new Problem(f.name(), "unsupported", f.name() + " cannot be exported: " + e.getMessage()));
      }
    }
    return new Result(out, problems, overLimit, total);
  }
}
