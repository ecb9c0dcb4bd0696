package io.hostkeeper.worker.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.CommandConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.probe.CommandRunner;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.RunTrigger;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled commands through the real job runner, history and metrics. */
class CommandJobTest {
  @TempDir Path dir;
  final Instant t0 = Instant.parse("2026-03-01T02:00:00Z");
  RunHistory history;
  PrometheusRegistry registry;
  JobRunner jobs;

  @BeforeEach
  void setUp() {
    history = new RunHistory(StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi(), BusyRetry.standard());
    registry = new PrometheusRegistry();
    jobs = new JobRunner(history, new JobMetrics(registry, List.of("command:t"), n -> Optional.empty()), Clock.fixed(t0, ZoneOffset.UTC));
  }

  static CommandConfig command(List<String> argv, Duration timeout, Map<String, String> env, List<String> onFailure) {
    return new CommandConfig("t", Schedule.parse("@daily"), argv, timeout, null, null, env, null, onFailure, null, true);
  }

  RunRecord run(CommandConfig c) {
    CommandJob job = new CommandJob(c, new CommandRunner(Duration.ofSeconds(2), CommandLine.TAIL_BYTES), dir);
    jobs.run(job, RunTrigger.MANUAL, t0);
    return history.lastRun("command:t").orElseThrow();
  }

  String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exitThreeIsAFailureWithItsOutputInHistory() throws Exception {
    RunRecord r = run(command(List.of("sh", "-c", "echo checking disks; echo 'sda: bad sectors' >&2; exit 3"), Duration.ofSeconds(30), Map.of(), List.of()));
    assertEquals("failure", r.result());
    assertEquals("exited with status 3: sda: bad sectors", r.message());
    assertTrue(r.details().contains("\"exit_code\":3"), r.details());
    assertTrue(r.details().contains("\"output_tail\":[\"checking disks\",\"sda: bad sectors\"]"), r.details());
    assertTrue(scrape().contains("hostkeeper_job_runs_total{job=\"command:t\",result=\"failure\"} 1.0"));
  }

  @Test
  void successKeepsTheLastLineAndTheEnvironmentAndDirectory() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    CommandConfig c = new CommandConfig("t", Schedule.parse("@daily"), List.of("sh", "-c", "echo \"$GREETING from $(pwd)\""),
        Duration.ofSeconds(30), null, work, Map.of("GREETING", "hello"), null, List.of(), null, true);
    RunRecord r = run(c);
    assertEquals("success", r.result(), r.message());
    assertTrue(r.message().endsWith(": hello from " + work), r.message());
    assertTrue(scrape().contains("hostkeeper_job_last_success_timestamp_seconds{job=\"command:t\"}"));
  }

  @Test
  void aHangingCommandIsKilledAtTheTimeoutWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    // The child sleep writes its pid, then the command waits on it: both must be gone after the timeout.
    CommandConfig c = command(List.of("sh", "-c", "sleep 600 & echo $! > " + pidFile + "; echo started; wait"),
        Duration.ofSeconds(2), Map.of(), List.of());
    RunRecord r = run(c);
    assertEquals("failure", r.result());
    assertTrue(r.message().startsWith("timed out after 2s; the command and its children were stopped"), r.message());
    assertTrue(r.details().contains("\"timed_out\":true"), r.details());
    long child = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    if (h.isPresent()) h.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child sleep " + child + " is gone");
  }

  @Test
  void fiftyMegabytesOfOutputStayBounded() throws Exception {
    // 50 MiB of lines; the run keeps only the last lines and counts the rest.
    CommandConfig c = command(List.of("sh", "-c", "head -c 52428800 /dev/zero | tr '\\0' 'x' | fold -w 1000; echo; echo last line"),
        Duration.ofSeconds(120), Map.of(), List.of());
    RunRecord r = run(c);
    assertEquals("success", r.result(), r.message());
    assertTrue(r.message().endsWith(": last line"), r.message());
    long bytes = Long.parseLong(r.details().replaceAll(".*\"output_bytes\":(\\d+).*", "$1"));
    assertTrue(bytes > 52428800L, "every byte counted: " + bytes);
    assertTrue(r.details().length() < CommandLine.TAIL_BYTES + 2000, "details bounded: " + r.details().length());
  }

  @Test
  void aMissingProgramIsAClearFailure() throws Exception {
    RunRecord r = run(command(List.of("/nonexistent/hk-health"), Duration.ofSeconds(30), Map.of(), List.of()));
    assertEquals("failure", r.result());
    assertEquals("command not found: /nonexistent/hk-health (check commands.t.command)", r.message());
  }

  @Test
  void onFailureRunsOnceWithWhatFailed() throws Exception {
    Path mark = dir.resolve("mark");
    RunRecord r = run(command(List.of("false"), Duration.ofSeconds(30), Map.of(),
        List.of("sh", "-c", "echo \"$HOSTKEEPER_COMMAND $HOSTKEEPER_ENDING $HOSTKEEPER_EXIT_CODE\" >> " + mark)));
    assertEquals("failure", r.result());
    assertEquals("exited with status 1; on_failure ran", r.message());
    assertEquals("t exited 1\n", Files.readString(mark));
  }

  @Test
  void maxRuntimeFailsASlowRunWithoutKillingIt() throws Exception {
    CommandConfig c = new CommandConfig("t", Schedule.parse("@daily"), List.of("sh", "-c", "sleep 2; echo done"),
        Duration.ofSeconds(30), Duration.ofSeconds(1), null, Map.of(), null, List.of(), null, true);
    RunRecord r = run(c);
    assertEquals("failure", r.result());
    assertTrue(r.message().contains("longer than max_runtime 1s: done"), r.message());
    assertTrue(r.details().contains("\"exit_code\":0"), r.details());
  }

  @Test
  void userRunsTheCommandAsThatUser() throws Exception {
    RealStack.require("util-linux", "runuser");
    if (!CommandChecks.REAL.isRoot()) return; // dropping privileges needs root; check-config refuses it otherwise
    CommandConfig c = new CommandConfig("t", Schedule.parse("@daily"), List.of("id", "-u"),
        Duration.ofSeconds(30), null, null, Map.of(), "nobody", List.of(), null, true);
    CommandJob job = new CommandJob(c, new CommandRunner(Duration.ofSeconds(2), CommandLine.TAIL_BYTES), CommandJobs.DEFAULT_DIR);
    jobs.run(job, RunTrigger.MANUAL, t0);
    RunRecord r = history.lastRun("command:t").orElseThrow();
    assertEquals("success", r.result(), r.message());
    assertTrue(r.message().endsWith(": 65534"), r.message());
  }
}
