package io.hostkeeper.exporter.collector.textfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4) as written by hand or by
 * a script into a {@code .prom} file. Pure: a string in, families or one {@link ParseException}
 * naming the line out. Strict where a lenient reading would guess: a family's samples must be
 * together, {@code # TYPE} must come before them, a series may appear once, and client-side
 * timestamps are refused (the scrape's time is the sample's time). (client_java 1.x only writes the
 * format; it has no parser.)
 */
public final class TextFormatParser {
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private TextFormatParser() {}

  /** The text could not be read as the text format; the message names the line and what is wrong. */
  public static final class ParseException extends Exception {
    public ParseException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  public static List<ParsedFamily> parse(String text) throws ParseException {
    Map<String, Builder> families = new LinkedHashMap<>();
    Set<String> closed = new HashSet<>();
    Builder current = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int no = i + 1;
      String line = lines[i];
      if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
      if (line.isBlank()) continue;
      if (line.startsWith("#")) {
        String[] f = line.substring(1).trim().split("[ \t]+", 3);
        if (f.length < 2 || !(f[0].equals("HELP") || f[0].equals("TYPE"))) continue; // a comment
        String name = f[1];
        if (!validMetricName(name)) throw new ParseException(no, "invalid metric name \"" + name + "\"");
        Builder b = families.get(name);
        if (b == null) {
          b = new Builder(name);
          families.put(name, b);
        } else if (closed.contains(name) || !b.samples.isEmpty() && f[0].equals("TYPE")) {
          throw new ParseException(no, f[0] + " for " + name + " after its samples");
        }
        if (current != null && current != b) closed.add(current.name);
        current = b;
        String rest = f.length > 2 ? f[2] : "";
        if (f[0].equals("HELP")) {
          if (b.help != null) throw new ParseException(no, "second HELP for " + name);
          b.help = unescapeHelp(rest, no);
        } else {
          if (b.type != null) throw new ParseException(no, "second TYPE for " + name);
          String type = rest.trim();
          if (!TYPES.contains(type)) throw new ParseException(no, "unknown type \"" + type + "\" for " + name);
          b.type = type;
        }
        continue;
      }
      SampleLine s = sampleLine(line, no);
      Builder b = familyOf(s.name, current, families);
      if (b == null) {
        b = new Builder(s.name);
        families.put(s.name, b);
      } else if (closed.contains(b.name)) {
        throw new ParseException(no, "samples of " + b.name + " are not together");
      }
      if (current != null && current != b) closed.add(current.name);
      current = b;
      checkSuffix(b, s, no);
      if (!b.seen.add(s.name + new java.util.TreeMap<>(s.labels))) throw new ParseException(no, "duplicate series " + s.name + s.labels);
      b.samples.add(new ParsedFamily.Sample(s.name, s.labels, s.value));
    }
    List<ParsedFamily> out = new ArrayList<>();
    for (Builder b : families.values()) {
      if (b.samples.isEmpty()) continue; // HELP/TYPE without samples: nothing to export
      out.add(new ParsedFamily(b.name, b.type == null ? "untyped" : b.type, b.help == null ? "" : b.help, b.samples));
    }
    return out;
  }

  /** The family a sample belongs to: its own name, or a histogram/summary whose suffixed sample it is. */
  private static Builder familyOf(String sample, Builder current, Map<String, Builder> families) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (!sample.endsWith(suffix)) continue;
      Builder b = families.get(sample.substring(0, sample.length() - suffix.length()));
      if (b != null && ("histogram".equals(b.type) || "summary".equals(b.type) && !suffix.equals("_bucket"))) return b;
    }
    return families.get(sample);
  }

  private static void checkSuffix(Builder b, SampleLine s, int no) throws ParseException {
    String type = b.type == null ? "untyped" : b.type;
    boolean base = s.name.equals(b.name);
    switch (type) {
      case "histogram" -> {
        if (base) throw new ParseException(no, "histogram " + b.name + " needs _bucket, _sum and _count samples, not " + s.name);
        if (s.name.endsWith("_bucket") && !s.labels.containsKey("le")) throw new ParseException(no, s.name + " without an le label");
      }
      case "summary" -> {
        if (base && !s.labels.containsKey("quantile")) throw new ParseException(no, "summary " + b.name + " sample without a quantile label");
      }
      default -> { }
    }
  }

  private record SampleLine(String name, Map<String, String> labels, double value) {}

  private static SampleLine sampleLine(String line, int no) throws ParseException {
    int n = line.length();
    int i = 0;
    while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
    int start = i;
    while (i < n && nameChar(line.charAt(i), i == start)) i++;
    String name = line.substring(start, i);
    if (name.isEmpty()) throw new ParseException(no, "expected a metric name");
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (i < n && line.charAt(i) == ' ') i++;
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        int ls = i;
        while (i < n && nameChar(line.charAt(i), i == ls) && line.charAt(i) != ':') i++;
        String label = line.substring(ls, i);
        if (label.isEmpty()) throw new ParseException(no, "expected a label name in " + name);
        if (label.startsWith("__")) throw new ParseException(no, "label name " + label + " is reserved");
        while (i < n && line.charAt(i) == ' ') i++;
        if (i >= n || line.charAt(i) != '=') throw new ParseException(no, "expected = after label " + label);
        i++;
        while (i < n && line.charAt(i) == ' ') i++;
        if (i >= n || line.charAt(i) != '"') throw new ParseException(no, "expected a quoted value for label " + label);
        i++;
        StringBuilder v = new StringBuilder();
        boolean done = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '"') {
            done = true;
            break;
          }
          if (c == '\\') {
            if (i >= n) break;
            char e = line.charAt(i++);
            switch (e) {
              case '\\' -> v.append('\\');
              case '"' -> v.append('"');
              case 'n' -> v.append('\n');
              default -> throw new ParseException(no, "invalid escape \\" + e + " in label " + label);
            }
          } else {
            v.append(c);
          }
        }
        if (!done) throw new ParseException(no, "unterminated value of label " + label);
        if (labels.put(label, v.toString()) != null) throw new ParseException(no, "label " + label + " twice");
        while (i < n && line.charAt(i) == ' ') i++;
        if (i < n && line.charAt(i) == ',') {
          i++;
          continue;
        }
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        throw new ParseException(no, "expected , or } after label " + label);
      }
    }
    if (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') throw new ParseException(no, "expected a space after " + name);
    String[] rest = line.substring(i).trim().split("[ \t]+");
    if (rest.length == 0 || rest[0].isEmpty()) throw new ParseException(no, "no value for " + name);
    if (rest.length > 1) throw new ParseException(no, "client-side timestamps are not supported (" + name + ")");
    return new SampleLine(name, labels, value(rest[0], no));
  }

  static double value(String s, int no) throws ParseException {
    switch (s) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN" -> {
        return Double.NaN;
      }
      default -> {
        if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) throw new ParseException(no, "invalid value \"" + s + "\"");
        return Double.parseDouble(s);
      }
    }
  }

  private static String unescapeHelp(String s, int no) throws ParseException {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= s.length()) throw new ParseException(no, "HELP ends in a lone backslash");
      char e = s.charAt(i);
      if (e == '\\') out.append('\\');
      else if (e == 'n') out.append('\n');
      else throw new ParseException(no, "invalid escape \\" + e + " in HELP");
    }
    return out.toString();
  }

  static boolean validMetricName(String name) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) if (!nameChar(name.charAt(i), i == 0)) return false;
    return true;
  }

  private static boolean nameChar(char c, boolean first) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9';
  }

  private static final class Builder {
    final String name;
    String type;
    String help;
    final List<ParsedFamily.Sample> samples = new ArrayList<>();
    final Set<String> seen = new HashSet<>();

    Builder(String name) {
      this.name = name;
    }
  }
}
