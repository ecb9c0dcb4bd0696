package io.hostkeeper.worker.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.web.Html;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote copies column of the worker's page: a failing copy is a warning, with its reason, escaped. */
class WorkerStatusCopiesTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final String HOSTILE = "auth: <b>refused</b> & \"gone\"";

  private static WorkerStatus.Backup backup(List<WorkerStatus.Copy> copies) {
    return new WorkerStatus.Backup("app", "@daily", NOW.minusSeconds(3600), 1024, 3, 3072, 0, null, copies);
  }

  private static String render(WorkerStatus.Backup b) {
    return WorkerStatusPage.render(new WorkerStatus(NOW, "test", false, List.of(b), List.of(), List.of(), List.of()));
  }

  @Test
  void aFailingCopyMakesTheBackupAWarningAndSaysWhy() {
    String page = render(backup(List.of(
        new WorkerStatus.Copy("nas", "sftp://b@nas.lan:22/srv", NOW.minusSeconds(600), NOW.minusSeconds(90_000), 7, HOSTILE),
        new WorkerStatus.Copy("cloud", "sftp://hk@cloud:22/~/b", null, null, null, null))));
    assertTrue(page.contains("<tr class=\"warning\" data-backup=\"app\">"), page);
    assertTrue(page.contains("data-copy=\"nas\" title=\"sftp://b@nas.lan:22/srv\">nas: synced"), page);
    assertTrue(page.contains("7 on the remote"), page);
    assertTrue(page.contains("last attempt failed"), page);
    assertTrue(page.contains(Html.esc(HOSTILE)), page);
    assertFalse(page.contains("<b>refused</b>"), "the reason is escaped");
    assertTrue(page.contains("data-copy=\"cloud\""), page);
    assertTrue(page.contains("cloud: <span class=\"muted\">not synced yet</span>"), page);
  }

  @Test
  void healthyCopiesLeaveTheBackupOk() {
    String page = render(backup(List.of(
        new WorkerStatus.Copy("nas", "sftp://b@nas.lan:22/srv", NOW.minusSeconds(600), NOW.minusSeconds(600), 7, null))));
    assertTrue(page.contains("<tr class=\"ok\" data-backup=\"app\">"), page);
    assertFalse(page.contains("last attempt failed"), page);
    String none = render(backup(List.of()));
    assertTrue(none.contains("<tr class=\"ok\" data-backup=\"app\">"), none);
  }
}
