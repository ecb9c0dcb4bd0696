package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A guard for tests that run Prometheus, agents or Alertmanagers: every address in the YAML files
 * they read (host:port, and the host of every URL a process connects to) is 127.0.0.1, so a
 * test never sends traffic anywhere else. Comments are left out; runbook links are only text.
 */
final class LoopbackOnly {
  private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9_.\\-\\[\\]:]*[A-Za-z0-9\\]]):(\\d{2,5})\\b");
  private static final Pattern URL = Pattern.compile("^\\s*-?\\s*([a-z_]*url): *[\"']?https?://([^/:\"'\\s]+)");

  private LoopbackOnly() {}

  static void check(Path... roots) throws IOException {
    List<String> offenders = new ArrayList<>();
    int files = 0;
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path f : walk.filter(p -> p.toString().endsWith(".yml")).toList()) {
          files++;
          for (String line : Files.readAllLines(f)) {
            String text = line.replaceFirst("(^|\\s)#.*$", "");
            Matcher hp = HOST_PORT.matcher(text);
            while (hp.find()) {
              if (!hp.group(1).endsWith("127.0.0.1")) offenders.add(f + ": " + line.strip());
            }
            Matcher u = URL.matcher(text);
            if (u.find() && !u.group(1).equals("runbook_url") && !u.group(2).equals("127.0.0.1")) {
              offenders.add(f + ": " + line.strip());
            }
          }
        }
      }
    }
    assertTrue(files > 0, "no configuration files under " + List.of(roots));
    assertTrue(offenders.isEmpty(), "addresses other than 127.0.0.1 in files a running process reads:\n"
        + String.join("\n", offenders));
  }
}
