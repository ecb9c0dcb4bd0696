package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.common.probe.CommandRunner;

import io.hostkeeper.common.config.LogConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One {@link LogRotateJob} per {@code logs:} entry, job name {@code logs:<name>}. No I/O. */
public final class LogJobs implements JobProvider {
  /** After post_rotate's timeout: TERM to its process tree, KILL this much later. */
  static final java.time.Duration POST_ROTATE_KILL_GRACE = java.time.Duration.ofSeconds(5);
  /** How much of post_rotate's output is kept for the run's history. */
  static final int POST_ROTATE_OUTPUT = 2000;

  private final CommandRunner commands;
  private final OpenFiles openFiles;

  public LogJobs() {
    this(new CommandRunner(POST_ROTATE_KILL_GRACE, POST_ROTATE_OUTPUT), new OpenFiles(Path.of("/proc")));
  }

  public LogJobs(CommandRunner commands, OpenFiles openFiles) {
    this.commands = commands;
    this.openFiles = openFiles;
  }

  @Override
  public List<HostkeeperJob> jobs(WorkerContext context) {
    List<LogConfig> logs = context.config().logs();
    List<String> labels = labels(logs);
    LogMetrics metrics = LogMetrics.in(context.registry());
    Path stateDir = context.dataDir().resolve("logs");
    ZoneId workerZone = context.config().worker() == null ? null : context.config().worker().timeZone();
    List<HostkeeperJob> jobs = new ArrayList<>();
    for (int i = 0; i < logs.size(); i++) {
      LogConfig log = logs.get(i);
      ZoneId zone = log.timeZone() != null ? log.timeZone() : workerZone != null ? workerZone : ZoneId.systemDefault();
      jobs.add(new LogRotateJob(log, labels.get(i), zone, stateDir, metrics, commands, openFiles, FaultHook.NONE));
    }
    return jobs;
  }

  /** The metric label / job label of each entry: its name, else derived from the path; made unique. */
  static List<String> labels(List<LogConfig> logs) {
    Set<String> used = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (LogConfig log : logs) {
      String base = log.name() != null ? sanitize(log.name()) : derive(log.path());
      String label = base;
      for (int n = 2; !used.add(label); n++) label = base + "_" + n;
      out.add(label);
    }
    return out;
  }

  /** {@code /var/log/app/*.log} → {@code var_log_app_all.log}. */
  static String derive(String path) {
    String s = path.replace("*", "all").replaceAll("^/+", "");
    return sanitize(s);
  }

  private static String sanitize(String text) {
    String s = text.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("_+", "_");
    if (s.isEmpty()) s = "log";
    return s.length() > 64 ? s.substring(s.length() - 64) : s;
  }
}
