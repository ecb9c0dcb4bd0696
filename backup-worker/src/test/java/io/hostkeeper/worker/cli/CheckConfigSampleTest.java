package io.hostkeeper.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md shows a file and what {@code hostkeeper-worker check-config} prints for
 * it: shape errors and a missing key file, in one run. This runs the sample and compares.
 */
class CheckConfigSampleTest {
  static final Path DOC = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "configuration.md");
  static final String DOC_PATH = "/etc/hostkeeper/hostkeeper.yml";

  @TempDir Path dir;

  @Test
  void theDocumentedSampleGivesTheDocumentedOutput() throws Exception {
    List<String> doc = Files.readAllLines(Files.exists(DOC) ? DOC : Path.of("docs", "configuration.md"));
    String yaml = block(doc, "<!-- check-config sample: the file -->");
    String expected = block(doc, "<!-- check-config sample: the output -->");
    String recipient = "/etc/hostkeeper/backup-key.asc";
    Assumptions.assumeFalse(Files.exists(Path.of(recipient)), recipient + " exists on this machine");
    // The destination must be usable by whoever runs the test: a directory of the test's own.
    Path destination = Files.createDirectories(dir.resolve("backups"));
    assertTrue(yaml.contains("/var/backups/hostkeeper"));
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), yaml.replace("/var/backups/hostkeeper", destination.toString()));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(WorkerCli.NAME, WorkerCli.commandLine(), new PrintWriter(out), new PrintWriter(err),
        "check-config", "--config", file.toString());

    assertEquals(1, code);
    assertEquals(expected, err.toString().replace(file.toString(), DOC_PATH).strip());
  }

  /** The fenced block after {@code marker}. */
  static String block(List<String> doc, String marker) {
    int at = doc.indexOf(marker);
    assertTrue(at >= 0, "docs/configuration.md lacks " + marker);
    int start = at + 2;
    int end = start;
    while (!doc.get(end).startsWith("```")) end++;
    return String.join("\n", doc.subList(start, end)).strip() + (marker.contains("file") ? "\n" : "");
  }
}
