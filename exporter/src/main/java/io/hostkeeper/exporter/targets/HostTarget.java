package io.hostkeeper.exporter.targets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One host as Prometheus's file_sd sees it: the exporter's address, optionally the worker's, and
 * the labels every series of the host carries ({@code instance} and {@code host} are the host's
 * name; {@code site}, {@code role} and others come from the user). Validated here, without I/O,
 * so that a bad name, address or label is refused before any file is touched.
 */
public record HostTarget(String name, String exporter, Optional<String> worker, Map<String, String> labels) {
  /** File names and {@code instance} values: a host name or a short name (no dot first, no slash). */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?]");
  /** Labels the command sets itself or Prometheus owns. */
  static final Set<String> RESERVED = Set.of("instance", "host", "job");

  public HostTarget {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("host name \"" + name + "\" is not valid: use letters, digits, '.', '_' or '-' "
          + "(at most 63, starting with a letter or digit), e.g. web-1 or pi4.lan");
    }
    checkAddress("exporter", exporter);
    worker = worker == null ? Optional.empty() : worker;
    worker.ifPresent(w -> checkAddress("worker", w));
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    for (Map.Entry<String, String> e : labels.entrySet()) checkLabel(e.getKey(), e.getValue());
  }

  /** Parses {@code --labels site=home,role=web}; an empty text is no labels. */
  public static Map<String, String> parseLabels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) return out;
    for (String pair : text.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("label \"" + pair + "\" is not NAME=VALUE: write --labels site=home,role=web");
      }
      String key = pair.substring(0, eq).strip();
      if (out.put(key, pair.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("label " + key + " is given twice in --labels");
      }
    }
    return out;
  }

  private static void checkAddress(String what, String address) {
    String hint = " Write HOST:PORT, e.g. pi4.lan:29100, 192.0.2.7:29100 or [2001:db8::7]:29100 (no scheme, no path).";
    if (address == null || address.isEmpty()) throw new IllegalArgumentException(what + " address is missing." + hint);
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException(what + " address \"" + address + "\" has no port." + hint);
    }
    String host = address.substring(0, colon);
    String port = address.substring(colon + 1);
    boolean hostOk = host.startsWith("[") ? IPV6.matcher(host).matches() : HOSTNAME.matcher(host).matches() && host.length() <= 253;
    if (!hostOk) throw new IllegalArgumentException(what + " address \"" + address + "\": \"" + host + "\" is not a host name or IP address." + hint);
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 1 || p > 65535) throw new IllegalArgumentException(what + " address \"" + address + "\": port must be 1-65535." + hint);
  }

  private static void checkLabel(String key, String value) {
    if (!LABEL.matcher(key).matches()) {
      throw new IllegalArgumentException("label name \"" + key + "\" is not valid: use letters, digits and '_', not starting with a digit");
    }
    if (key.startsWith("__")) {
      throw new IllegalArgumentException("label name \"" + key + "\" starts with \"__\", which Prometheus reserves for itself");
    }
    if (RESERVED.contains(key)) {
      throw new IllegalArgumentException("label " + key + " is set from the host name (or by Prometheus); leave it out of --labels");
    }
    if (value.isEmpty()) throw new IllegalArgumentException("label " + key + " has an empty value (an empty label is no label)");
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("label " + key + " contains a control character (newline, tab, ...)");
    }
  }

  /** The labels written to the file, in a stable order: instance, host, then the user's sorted. */
  public Map<String, String> allLabels() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("instance", name);
    out.put("host", name);
    labels.keySet().stream().sorted().forEach(k -> out.put(k, labels.get(k)));
    return out;
  }

  /** The target groups of this host: the exporter, then the worker when there is one. */
  public List<Map.Entry<String, String>> groups() {
    return worker.map(w -> List.of(Map.entry("exporter", exporter), Map.entry("worker", w)))
        .orElse(List.of(Map.entry("exporter", exporter)));
  }
}
