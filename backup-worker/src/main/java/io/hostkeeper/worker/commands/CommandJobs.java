package io.hostkeeper.worker.commands;

import io.hostkeeper.common.config.CommandConfig;
import io.hostkeeper.common.probe.CommandRunner;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One {@link CommandJob} per {@code commands:} entry. No I/O. */
public final class CommandJobs implements JobProvider {
  /** Between SIGTERM and SIGKILL at a timeout. */
  static final Duration KILL_GRACE = Duration.ofSeconds(10);
  /** A command without working_dir starts in / (readable by every user it may run as). */
  static final Path DEFAULT_DIR = Path.of("/");

  private final CommandRunner runner;

  public CommandJobs() {
    this(new CommandRunner(KILL_GRACE, CommandLine.TAIL_BYTES));
  }

  public CommandJobs(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public List<HostkeeperJob> jobs(WorkerContext context) {
    List<HostkeeperJob> jobs = new ArrayList<>();
    for (CommandConfig c : context.config().commands()) jobs.add(new CommandJob(c, runner, DEFAULT_DIR));
    return jobs;
  }
}
