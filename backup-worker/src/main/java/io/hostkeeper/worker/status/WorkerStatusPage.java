package io.hostkeeper.worker.status;

import static io.hostkeeper.common.web.Html.esc;

import io.hostkeeper.common.web.Format;
import io.hostkeeper.worker.history.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The HTML of the worker's read-only status page: backups, watched services, jobs and the newest
 * runs. Plain HTML and the shared stylesheet, no script; every name and message is escaped. There
 * are no actions here: anything that changes state is on the admin API, behind its token.
 */
final class WorkerStatusPage {
  private WorkerStatusPage() {}

  static final int REFRESH_SECONDS = 30;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  static String render(WorkerStatus s) {
    int problems = s.problems();
    String state = problems == 0 ? "ok" : "critical";
    String headline = problems == 0 ? "OK" : problems + (problems == 1 ? " PROBLEM" : " PROBLEMS");
    StringBuilder b = new StringBuilder(16384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
        .append("<title>").append(headline).append(" · worker · hostkeeper</title>\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"static/status.css\">\n")
        .append("</head>\n<body>\n<header>\n<h1>Backups and jobs</h1>\n<p class=\"overall ").append(state)
        .append("\" id=\"overall\">").append(headline).append("</p>\n<p class=\"when\">as of <time>")
        .append(TIME.format(s.now())).append("</time>, reloads every ").append(REFRESH_SECONDS).append(" s")
        .append(s.schedulerPaused() ? " · <strong>scheduler paused</strong>" : "").append("</p>\n</header>\n<main>\n");
    backups(b, s);
    services(b, s);
    jobs(b, s);
    runs(b, s);
    b.append("</main>\n<footer>\n<p><a href=\"metrics\">/metrics</a> · read-only: runs, pauses and restarts are on the")
        .append(" admin API or the CLI (<code>hostkeeper-worker jobs --help</code>)</p>\n<p class=\"muted\">hostkeeper worker ")
        .append(esc(s.version())).append("</p>\n</footer>\n</body></html>\n");
    return b.toString();
  }

  private static void backups(StringBuilder b, WorkerStatus s) {
    b.append("<section><h2>Backups</h2>\n");
    if (s.backups().isEmpty()) {
      b.append("<p class=\"muted\">No backups configured (<code>backups:</code> in hostkeeper.yml).</p>\n</section>\n");
      return;
    }
    b.append("<table id=\"backups\"><thead><tr><th>Backup</th><th>Last success</th><th>Newest archive</th>")
        .append("<th>Archives</th><th>Remote copies</th><th>Last failure</th></tr></thead><tbody>\n");
    for (WorkerStatus.Backup x : s.backups()) {
      boolean copyFailing = x.copies().stream().anyMatch(c -> c.failure() != null);
      String level = x.lastFailure() != null || x.lastSuccess() == null ? "critical"
          : x.latestProblems() > 0 || copyFailing ? "warning" : "ok";
      b.append("<tr class=\"").append(level).append("\" data-backup=\"").append(esc(x.name())).append("\"><td>")
          .append(esc(x.name())).append("<br><span class=\"muted\">").append(esc(x.schedule())).append("</span></td><td>")
          .append(x.lastSuccess() == null ? "never" : when(x.lastSuccess(), s.now())).append("</td><td>")
          .append(x.latestBytes() < 0 ? "–" : Format.bytes(x.latestBytes()));
      if (x.latestProblems() > 0) b.append("<br><span class=\"reason\">").append(x.latestProblems()).append(" files with problems</span>");
      b.append("</td><td>").append(x.archives()).append(" · ").append(Format.bytes(x.totalBytes())).append("</td><td>");
      copies(b, x.copies(), s.now());
      b.append("</td><td>");
      if (x.lastFailure() == null) {
        b.append("–");
      } else {
        b.append(when(x.lastFailure().startedAt(), s.now())).append("<br><span class=\"reason\">")
            .append(esc(message(x.lastFailure()))).append("</span>");
      }
      b.append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  /** One line per copy: its last success and remote archive count, or why its last sync failed. */
  private static void copies(StringBuilder b, List<WorkerStatus.Copy> copies, Instant now) {
    if (copies.isEmpty()) {
      b.append("none");
      return;
    }
    for (WorkerStatus.Copy c : copies) {
      b.append("<span class=\"copy\" data-copy=\"").append(esc(c.name())).append("\" title=\"").append(esc(c.remote()))
          .append("\">").append(esc(c.name())).append(": ");
      if (c.lastAttempt() == null) {
        b.append("<span class=\"muted\">not synced yet</span>");
      } else {
        b.append(c.lastSuccess() == null ? "never synced" : "synced " + when(c.lastSuccess(), now));
        if (c.remoteArchives() != null) b.append(" · ").append(c.remoteArchives()).append(" on the remote");
        if (c.failure() != null) {
          b.append("<br><span class=\"reason\">last attempt failed ").append(when(c.lastAttempt(), now)).append(": ")
              .append(esc(c.failure())).append("</span>");
        }
      }
      b.append("</span><br>");
    }
  }

  private static void services(StringBuilder b, WorkerStatus s) {
    if (s.services().isEmpty()) return;
    b.append("<section><h2>Watched services</h2>\n<table id=\"watchdog\"><thead><tr><th>Service</th><th>State</th>")
        .append("<th>Recent restarts</th></tr></thead><tbody>\n");
    for (WorkerStatus.Service x : s.services()) {
      String level = switch (x.state()) {
        case "healthy" -> "ok";
        case "gave_up", "failing" -> "critical";
        case "unknown" -> "unknown";
        default -> "warning";
      };
      b.append("<tr class=\"").append(level).append("\" data-service=\"").append(esc(x.name())).append("\"><td>")
          .append(esc(x.name())).append("</td><td>").append(esc(x.state().replace('_', ' ')));
      if (x.since() != null) b.append(" since ").append(when(x.since(), s.now()));
      if (x.consecutiveFailures() > 0) b.append("<br>").append(x.consecutiveFailures()).append(" failed checks in a row");
      if (x.lastReason() != null && !x.state().equals("healthy")) {
        b.append("<br><span class=\"reason\">").append(esc(x.lastReason())).append("</span>");
      }
      b.append("</td><td>");
      if (x.restarts().isEmpty()) b.append("none");
      for (WorkerStatus.Restart r : x.restarts()) {
        b.append(when(r.at(), s.now())).append(": ").append(esc(r.result())).append(" (").append(esc(r.trigger()))
            .append(", ").append(Format.millis(r.seconds())).append(")<br>");
      }
      b.append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  private static void jobs(StringBuilder b, WorkerStatus s) {
    b.append("<section><h2>Jobs</h2>\n<table id=\"jobs\"><thead><tr><th>Job</th><th>Last run</th><th>Last success</th>")
        .append("<th>Next run</th></tr></thead><tbody>\n");
    for (WorkerStatus.Job j : s.jobs()) {
      RunRecord last = j.last();
      String level = last == null ? "unknown" : WorkerStatus.failed(last.result()) ? "critical" : "ok";
      b.append("<tr class=\"").append(level).append("\" data-job=\"").append(esc(j.name())).append("\"><td>")
          .append(esc(j.name())).append("<br><span class=\"muted\">").append(esc(j.schedule())).append("</span></td><td>");
      if (last == null) {
        b.append("never");
      } else {
        b.append(esc(last.result())).append(' ').append(when(last.startedAt(), s.now()));
        String msg = message(last);
        if (!msg.isEmpty()) b.append("<br><span class=\"reason\">").append(esc(msg)).append("</span>");
      }
      b.append("</td><td>").append(j.lastSuccess() == null ? "never" : when(j.lastSuccess(), s.now())).append("</td><td>")
          .append(j.paused() ? "paused" : j.nextRun() == null ? "–" : TIME.format(j.nextRun())).append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  private static void runs(StringBuilder b, WorkerStatus s) {
    b.append("<section><h2>Last ").append(WorkerStatus.RECENT_RUNS).append(" runs</h2>\n");
    if (s.recentRuns().isEmpty()) {
      b.append("<p class=\"muted\">No runs yet.</p>\n</section>\n");
      return;
    }
    b.append("<table id=\"runs\"><thead><tr><th>Job</th><th>Started</th><th>Took</th><th>Result</th></tr></thead><tbody>\n");
    for (RunRecord r : s.recentRuns()) {
      String level = r.result().equals("success") ? "ok" : WorkerStatus.failed(r.result()) ? "critical" : "unknown";
      b.append("<tr class=\"").append(level).append("\"><td>").append(esc(r.job())).append("<br><span class=\"muted\">")
          .append(esc(r.trigger())).append("</span></td><td>").append(TIME.format(r.startedAt())).append("</td><td>")
          .append(r.endedAt() == null ? "running" : Format.millis(Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0))
          .append("</td><td>").append(esc(r.result()));
      String msg = message(r);
      if (!msg.isEmpty()) b.append("<br><span class=\"reason\">").append(esc(msg)).append("</span>");
      b.append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  /** A run's message, cut to a length a table cell can hold. */
  private static String message(RunRecord r) {
    String m = r.message() == null ? "" : r.message().strip();
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  private static String when(Instant at, Instant now) {
    Duration age = Duration.between(at, now);
    return "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time> <span class=\"muted\">("
        + (age.isNegative() ? "just now" : Format.uptime(age) + " ago") + ")</span>";
  }
}
