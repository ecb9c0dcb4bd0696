package io.hostkeeper.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mechanical rewrite that lets the shipped {@code alertmanager.yml} (written for a current
 * Alertmanager) run on the Debian Alertmanager 0.25 of the build machines, which predates
 * {@code bot_token_file} (0.26): every line {@code bot_token_file: X} becomes
 * {@code bot_token: "<test token>"} with the same indentation. Nothing else changes; {@link #apply}
 * checks that, line by line. Documented in docs/alerting.md ("Testing the configuration").
 *
 * <p>Two more helpers serve the tests: {@link #uncommentExamples} turns the commented receiver
 * examples into live YAML, and {@link #replaceLine} lets a test point {@code api_url} at a fake.
 */
final class AlertmanagerConfigRewrite {
  private static final Pattern TOKEN_FILE = Pattern.compile("^(\\s*(?:- )?)bot_token_file:\\s*\\S.*$");
  private static final Pattern EXAMPLE_START = Pattern.compile("^\\s*# --- example: .+ ---\\s*$");
  private static final Pattern EXAMPLE_END = Pattern.compile("^\\s*# --- end example ---\\s*$");
  private static final Pattern EXAMPLE_YAML = Pattern.compile("^(\\s*)# ((?:- |  ).*)$");

  private AlertmanagerConfigRewrite() {}

  /** The shipped config with {@code bot_token_file: X} → {@code bot_token: "<token>"}, and nothing else. */
  static String forAlertmanager025(String shipped, String token) {
    if (!token.matches("[0-9]+:[A-Za-z0-9_-]+")) throw new IllegalArgumentException("not a bot token: " + token);
    String[] in = shipped.split("\n", -1);
    List<String> out = new ArrayList<>(in.length);
    int rewritten = 0;
    for (String line : in) {
      Matcher m = TOKEN_FILE.matcher(line);
      if (m.matches()) {
        out.add(m.group(1) + "bot_token: \"" + token + "\"");
        rewritten++;
      } else {
        out.add(line);
      }
    }
    if (rewritten == 0) throw new AssertionError("no bot_token_file line to rewrite");
    return String.join("\n", out);
  }

  /** Removes the leading "# " from the YAML lines between "# --- example: NAME ---" and "# --- end example ---". */
  static String uncommentExamples(String yaml) {
    List<String> out = new ArrayList<>();
    boolean inside = false;
    int changed = 0;
    for (String line : yaml.split("\n", -1)) {
      if (EXAMPLE_START.matcher(line).matches()) inside = true;
      else if (EXAMPLE_END.matcher(line).matches()) inside = false;
      else if (inside) {
        Matcher m = EXAMPLE_YAML.matcher(line);
        if (m.matches()) {
          line = m.group(1) + m.group(2);
          changed++;
        }
      }
      out.add(line);
    }
    if (changed == 0) throw new AssertionError("no commented example found");
    return String.join("\n", out);
  }

  /**
   * Replaces every match of {@code regex} (MULTILINE, so ^ and $ are line bounds) by
   * {@code replacement} ($1 refers to a group); fails if nothing matches.
   */
  static String replaceLine(String yaml, String regex, String replacement) {
    Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
    Matcher m = p.matcher(yaml);
    if (!m.find()) throw new AssertionError("no line matches " + regex);
    return p.matcher(yaml).replaceAll(replacement);
  }
}
