package io.hostkeeper.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mechanical rewrite that lets the shipped {@code alertmanager.yml} (written for a current
 * Alertmanager) run on Alertmanager 0.25 (Debian 12, the build machines), which predates
 * {@code bot_token_file} (0.26): the shipped {@code alertmanager/render-for-0.25.sh} turns every
 * line {@code bot_token_file: X} into {@code bot_token: "<token>"} with the same indentation, and
 * nothing else; {@code AlertmanagerConfigTest} checks that line by line. Documented in
 * docs/alerting.md ("Alertmanager 0.25").
 *
 * <p>Two more helpers serve the tests: {@link #uncommentExamples} turns the commented receiver
 * examples into live YAML, and {@link #replaceLine} lets a test point {@code api_url} at a fake.
 */
final class AlertmanagerConfigRewrite {
  private static final Pattern EXAMPLE_START = Pattern.compile("^\\s*# --- example: .+ ---\\s*$");
  private static final Pattern EXAMPLE_END = Pattern.compile("^\\s*# --- end example ---\\s*$");
  private static final Pattern EXAMPLE_YAML = Pattern.compile("^(\\s*)# ((?:- |  ).*)$");

  private AlertmanagerConfigRewrite() {}

  /**
   * The shipped config as the shipped {@code alertmanager/render-for-0.25.sh} renders it for 0.25
   * ({@code bot_token_file: X} → {@code bot_token: "<token>"}), with the token read from a file.
   */
  static String forAlertmanager025(String shipped, String token) {
    try {
      Path dir = Files.createTempDirectory("am-render");
      try {
        Path in = Files.writeString(dir.resolve("alertmanager.yml"), shipped);
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        Path out = dir.resolve("rendered.yml");
        Run.Result r = render(dir, in, tokenFile, out);
        if (!r.ok()) throw new AssertionError("render-for-0.25.sh failed:\n" + r.output());
        return Files.readString(out);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
        }
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the shipped render script (output mode 0600: no group). */
  static Run.Result render(Path workDir, Path in, Path tokenFile, Path out) {
    return Run.run(workDir, List.of("bash", Repo.path("alertmanager", "render-for-0.25.sh").toString(),
        "--in", in.toString(), "--out", out.toString(), "--token-file", tokenFile.toString(), "--group", ""));
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
