package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/**
 * Renders the shipped Telegram template the only way that counts: a real Alertmanager 0.25 sends
 * it to a fake Telegram Bot API, which records the text.
 */
class TelegramMessageTest {
  /** Telegram's limit for a message text. */
  static final int TELEGRAM_MAX = 4096;
  /** The only markup the template may produce: bold, and the runbook link. */
  private static final Pattern TAG = Pattern.compile("<(/?)([a-z]+)([^>]*)>");

  @TempDir Path dir;
  private FakeTelegram telegram;
  private AlertmanagerUnderTest am;

  @BeforeEach
  void start() throws Exception {
    telegram = new FakeTelegram(AlertmanagerUnderTest.TEST_TOKEN);
    am = AlertmanagerUnderTest.start(dir, telegram.apiUrl());
  }

  @AfterEach
  void stop() {
    if (am != null) am.close();
    if (telegram != null) telegram.close();
  }

  private static Map<String, Object> alert(Map<String, String> labels, Map<String, String> annotations) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("labels", labels);
    a.put("annotations", annotations);
    a.put("startsAt", Instant.now().minusSeconds(60).toString());
    a.put("generatorURL", "http://prometheus.invalid/graph");
    return a;
  }

  private FakeTelegram.Sent awaitMessage(String containing) {
    return Poll.until(Duration.ofSeconds(30), "a Telegram message containing '" + containing + "'",
        () -> telegram.messages().stream().filter(m -> m.text().contains(containing)).findFirst(),
        () -> "received: " + telegram.messages() + "\nrequests: " + telegram.requests() + "\n" + am.log());
  }

  @Test
  void aGroupOfFiftyHostileAlertsFitsOneEscapedMessage() {
    String longText = "x".repeat(900);
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      alerts.add(alert(
          Map.of("alertname", "ServiceDown", "instance", "pi<4>&\"co\"", "severity", "critical",
              "service", "svc-" + i, "check", "tcp"),
          Map.of("summary", "Service <script>alert(" + i + ")</script> & \"friends\" is down " + longText,
              "description", "Check <b>unclosed & 'quoted' " + longText + "\nsecond line",
              "runbook_url", "https://example.org/runbook.md#servicedown?a=1&b=<2>")));
    }
    assertEquals(200, Json.postJson(am.url() + "/api/v2/alerts", alerts).statusCode());

    FakeTelegram.Sent msg = awaitMessage("Firing: 50");
    String text = msg.text();
    System.out.println("rendered message, " + text.length() + " UTF-16 units:\n" + text);

    assertTrue(text.length() <= TELEGRAM_MAX, "message has " + text.length() + " UTF-16 units:\n" + text);
    assertEquals("HTML", msg.parseMode());
    assertFalse(msg.disableNotification(), "critical alerts notify with sound");
    assertEquals(123456789L, msg.chatId());
    // every value from an alert is escaped; only the template's own tags remain
    assertFalse(text.contains("<script>"), text);
    assertTrue(text.contains("&lt;script&gt;alert(0)&lt;/script&gt; &amp; &#34;friends&#34;"), text);
    assertTrue(text.contains("pi&lt;4&gt;&amp;&#34;co&#34;"), text);
    Matcher m = TAG.matcher(text);
    int open = 0;
    while (m.find()) {
      String tag = m.group(2);
      assertTrue(tag.equals("b") || tag.equals("a"), "unexpected tag " + m.group() + " in\n" + text);
      if (tag.equals("a") && m.group(1).isEmpty()) {
        assertTrue(m.group(3).startsWith(" href=\"") && !m.group(3).substring(7, m.group(3).length() - 1).contains("\""),
            m.group());
      }
      open += m.group(1).isEmpty() ? 1 : -1;
    }
    assertEquals(0, open, "tags balanced:\n" + text);
    // no bare '&' that is not an entity (Telegram rejects those in HTML mode)
    assertFalse(Pattern.compile("&(?!(lt|gt|amp|quot|#[0-9]+);)").matcher(text).find(), text);
    // long values are cut, and the count of alerts not shown is stated
    assertTrue(text.contains("(first 6 shown)"), text);
    assertEquals(6, text.split("🔥 <b>Service", -1).length - 1, text);
    assertTrue(text.contains("x…"), "long summary cut with an ellipsis");
  }

  @Test
  void warningsAreSentSilently() {
    assertEquals(200, Json.postJson(am.url() + "/api/v2/alerts", List.of(alert(
        Map.of("alertname", "HostDiskSpaceLow", "instance", "pi4", "severity", "warning", "mountpoint", "/"),
        Map.of("summary", "Filesystem / filling up on pi4", "description", "/ (sda1) on pi4 is 85% full.",
            "runbook_url", "https://example.org/runbook.md#hostdiskspacelow")))).statusCode());
    FakeTelegram.Sent msg = awaitMessage("HostDiskSpaceLow");
    assertTrue(msg.disableNotification(), "warnings go without sound");
    assertTrue(msg.text().startsWith("🔥 <b>FIRING</b> [warning] <b>HostDiskSpaceLow</b> on <b>pi4</b>\n"),
        "a lone host without site or role: nothing after its name\n" + msg.text());
    assertTrue(msg.text().contains("Filesystem / filling up on pi4"), msg.text());
    assertTrue(msg.text().contains("<a href=\"https://example.org/runbook.md#hostdiskspacelow\">Runbook</a>"), msg.text());
  }

  @Test
  void aFleetHostsSiteAndRoleAreNamedEscaped() {
    assertEquals(200, Json.postJson(am.url() + "/api/v2/alerts", List.of(alert(
        Map.of("alertname", "HostCpuHigh", "instance", "web-07", "severity", "critical", "job", "hostkeeper-exporter",
            "site", "berlin & <dc2>", "role", "web", "host", "web-07"),
        Map.of("summary", "CPU saturated on web-07", "description", "CPU utilisation on web-07 is 97%.",
            "runbook_url", "https://example.org/runbook.md#hostcpuhigh")))).statusCode());
    FakeTelegram.Sent msg = awaitMessage("HostCpuHigh");
    assertTrue(msg.text().startsWith(
        "🔥 <b>FIRING</b> [critical] <b>HostCpuHigh</b> on <b>web-07</b> · site <b>berlin &amp; &lt;dc2&gt;</b> · role web\n"),
        msg.text());
  }

  @Test
  void criticalInhibitsTheMatchingWarning() {
    Map<String, String> ann = Map.of("summary", "s", "description", "d", "runbook_url", "https://example.org/r");
    assertEquals(200, Json.postJson(am.url() + "/api/v2/alerts", List.of(
        alert(Map.of("alertname", "HostDiskSpaceLow", "instance", "pi4", "severity", "critical", "mountpoint", "/"), ann),
        alert(Map.of("alertname", "HostDiskSpaceLow", "instance", "pi4", "severity", "warning", "mountpoint", "/"), ann),
        alert(Map.of("alertname", "HostDiskSpaceLow", "instance", "pi4", "severity", "warning", "mountpoint", "/srv"), ann)))
        .statusCode());
    Poll.until(Duration.ofSeconds(30), "inhibition applied", () -> {
      var alerts = Json.getJson(am.url() + "/api/v2/alerts?inhibited=true&silenced=true&active=true");
      int inhibited = 0;
      for (var a : alerts) {
        boolean isInhibited = a.path("status").path("inhibitedBy").size() > 0;
        String mount = a.path("labels").path("mountpoint").asText();
        String sev = a.path("labels").path("severity").asText();
        if (isInhibited) {
          assertEquals("warning", sev);
          assertEquals("/", mount, "only the warning on the same mountpoint is muted");
          inhibited++;
        }
      }
      return alerts.size() == 3 && inhibited == 1 ? Optional.of(true) : Optional.empty();
    }, am::log);
  }
}
