package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** alertmanager/alertmanager.yml checked and routed by the real amtool (0.25, through the documented rewrite). */
class AlertmanagerConfigTest {
  @TempDir Path dir;
  private Path amtool;
  private Path shipped;

  @BeforeEach
  void setUp() throws IOException {
    amtool = RealStack.require("prometheus-alertmanager", "amtool");
    Repo.copyTree(Repo.path("alertmanager"), dir);
    shipped = Repo.path("alertmanager", "alertmanager.yml");
  }

  private Path write(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private Path rewritten() throws IOException {
    return write("am-025.yml",
        AlertmanagerConfigRewrite.forAlertmanager025(Repo.read(shipped), AlertmanagerUnderTest.TEST_TOKEN));
  }

  @Test
  void rewriteChangesOnlyTheTokenFileLines() {
    String original = Repo.read(shipped);
    String out = AlertmanagerConfigRewrite.forAlertmanager025(original, AlertmanagerUnderTest.TEST_TOKEN);
    String[] a = original.split("\n", -1);
    String[] b = out.split("\n", -1);
    assertEquals(a.length, b.length);
    int changed = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals(b[i])) continue;
      changed++;
      int key = a[i].indexOf("bot_token_file:");
      assertTrue(key >= 0 && a[i].substring(0, key).matches("\\s*(- )?"), "unexpected change at line " + (i + 1) + ": " + a[i]);
      assertEquals(a[i].substring(0, key) + "bot_token: \"" + AlertmanagerUnderTest.TEST_TOKEN + "\"", b[i]);
    }
    assertEquals(2, changed, "both Telegram receivers read the token from a file");
  }

  @Test
  void renderFor025WritesAConfigNoOtherUserCanReadThatAmtool025Accepts() throws IOException {
    Path token = write("token", AlertmanagerUnderTest.TEST_TOKEN + "\n");
    Path out = dir.resolve("etc/alertmanager.yml");
    Files.createDirectories(out.getParent());
    Run.Result r = AlertmanagerConfigRewrite.render(dir, shipped, token, out);
    assertTrue(r.ok(), r.output());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertFalse(r.output().contains(AlertmanagerUnderTest.TEST_TOKEN), "the token is never printed");
    Run.Result check = Run.run(dir, List.of(amtool.toString(), "check-config", out.toString()));
    assertTrue(check.ok(), check.output());
    try (var left = Files.list(out.getParent())) {
      assertEquals(List.of(out), left.toList(), "no temporary file is left beside the output");
    }
  }

  @Test
  void renderFor025RefusesAFileThatHoldsNoBotTokenAndLeavesTheOldConfig() throws IOException {
    Path token = write("token", "not a token\n");
    Path out = write("current.yml", "old: config\n");
    Run.Result r = AlertmanagerConfigRewrite.render(dir, shipped, token, out);
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("does not hold a Telegram bot token"), r.output());
    assertEquals("old: config\n", Files.readString(out));
    Run.Result missing = AlertmanagerConfigRewrite.render(dir, shipped, dir.resolve("absent"), out);
    assertEquals(2, missing.exit(), missing.output());
    assertTrue(missing.output().contains("cannot read the token file"), missing.output());
  }

  @Test
  void shippedConfigIsRejectedBy025OnlyForBotTokenFile() throws IOException {
    Run.Result r = Run.run(dir, List.of(amtool.toString(), "check-config", shipped.toString()));
    assertFalse(r.ok(), r.output());
    assertTrue(r.output().contains("field bot_token_file not found"), r.output());
    for (String line : r.output().split("\n")) {
      if (line.trim().startsWith("line ")) assertTrue(line.contains("bot_token_file"), "other incompatibility: " + line);
    }
  }

  @Test
  void rewrittenConfigIsValid() throws IOException {
    Run.Result r = Run.run(dir, List.of(amtool.toString(), "check-config", rewritten().toString()));
    assertTrue(r.ok(), r.output());
    assertTrue(r.output().contains("1 templates"), r.output());
  }

  @Test
  void everyCommentedReceiverExampleIsValidWhenUncommented() throws IOException {
    String yaml = AlertmanagerConfigRewrite.uncommentExamples(Repo.read(rewritten()));
    Run.Result r = Run.run(dir, List.of(amtool.toString(), "check-config", write("examples.yml", yaml).toString()));
    assertTrue(r.ok(), r.output() + "\n" + yaml);
    // the two Telegram receivers plus e-mail, webhook and SNS
    assertTrue(r.output().contains("5 receivers"), r.output());
    for (String kind : List.of("email_configs", "webhook_configs", "sns_configs")) {
      assertTrue(yaml.contains("\n    " + kind + ":"), kind + " example missing");
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "severity=critical alertname=ServiceDown instance=pi4 service=web, telegram-critical",
      "severity=critical alertname=HostDiskSpaceLow instance=pi4 mountpoint=/, telegram-critical",
      "severity=warning alertname=HostDiskSpaceLow instance=pi4 mountpoint=/, telegram-warning",
      "severity=warning alertname=JobFailing instance=pi4, telegram-warning",
      "alertname=SomethingWithoutSeverity instance=pi4, telegram-warning",
      "severity=info alertname=Whatever, telegram-warning",
  })
  void routesBySeverity(String labels, String receiver) throws IOException {
    List<String> argv = new ArrayList<>(List.of(amtool.toString(), "config", "routes", "test",
        "--config.file=" + rewritten(), "--verify.receivers=" + receiver));
    argv.addAll(List.of(labels.split(" ")));
    Run.Result r = Run.run(dir, argv);
    assertTrue(r.ok(), "expected " + receiver + " for " + labels + ": " + r.output());
    assertTrue(r.output().lines().anyMatch(l -> l.trim().equals(receiver)), r.output());
  }

  @Test
  void routingTreeGroupsByAlertnameSiteAndInstance() throws IOException {
    Run.Result r = Run.run(dir, List.of(amtool.toString(), "config", "routes", "show", "--config.file=" + rewritten()));
    assertTrue(r.ok(), r.output());
    assertTrue(r.output().contains("{severity=\"critical\"}  receiver: telegram-critical"), r.output());
    assertTrue(r.output().contains("{severity=\"warning\"}  receiver: telegram-warning"), r.output());
    String yaml = Repo.read(shipped);
    assertTrue(yaml.contains("group_by: [alertname, site, instance]"), "grouping");
  }
}
