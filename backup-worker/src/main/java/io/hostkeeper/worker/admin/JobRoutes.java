package io.hostkeeper.worker.admin;

import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.JobScheduler;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quartz.SchedulerException;

/** {@code /api/jobs/...}, {@code /api/runs/{id}}, {@code /api/scheduler/...} and {@code /api/running}. */
public final class JobRoutes implements AdminRoutes {
  static final int DEFAULT_LIMIT = 20;

  private final JobScheduler scheduler;
  private final JobRunner runner;
  private final RunHistory history;

  public JobRoutes(JobScheduler scheduler, JobRunner runner, RunHistory history) {
    this.scheduler = scheduler;
    this.runner = runner;
    this.history = history;
  }

  @Override
  public void addTo(JavalinConfig config) {
    config.routes.get("/api/jobs", this::list);
    config.routes.get("/api/jobs/{name}", ctx -> ctx.json(view(job(ctx))));
    config.routes.get("/api/jobs/{name}/runs", this::runs);
    config.routes.post("/api/jobs/{name}/run", this::runNow);
    config.routes.post("/api/jobs/{name}/pause", ctx -> {
      HostkeeperJob job = job(ctx);
      scheduler.pause(job.name());
      ctx.json(view(job));
    });
    config.routes.post("/api/jobs/{name}/resume", ctx -> {
      HostkeeperJob job = job(ctx);
      scheduler.resume(job.name());
      ctx.json(view(job));
    });
    config.routes.post("/api/scheduler/pause", ctx -> {
      scheduler.pauseAll();
      ctx.json(Map.of("scheduler", "paused"));
    });
    config.routes.post("/api/scheduler/resume", ctx -> {
      scheduler.resumeAll();
      ctx.json(Map.of("scheduler", "running"));
    });
    config.routes.get("/api/runs/{id}", ctx -> {
      long id = longParam("id", ctx.pathParam("id"));
      RunRecord run = history.run(id).orElseThrow(() -> ApiError.notFound("no run with id " + id
          + "; GET /api/jobs/{name}/runs lists a job's runs"));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("job", run.job());
      body.putAll(runView(run));
      ctx.json(body);
    });
    config.routes.get("/api/running", ctx -> ctx.json(Map.of("running",
        runner.active().stream().map(JobRoutes::activeView).toList())));
  }

  private void list(Context ctx) {
    List<Map<String, Object>> jobs = scheduler.names().stream()
        .map(n -> view(scheduler.job(n).orElseThrow())).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scheduler", scheduler.isPaused() ? "paused" : "running");
    body.put("jobs", jobs);
    ctx.json(body);
  }

  private void runs(Context ctx) {
    HostkeeperJob job = job(ctx);
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, RunHistory.MAX_PAGE);
    Optional<Long> before = Optional.ofNullable(ctx.queryParam("before")).map(v -> longParam("before", v));
    List<RunRecord> rows = history.runs(job.name(), limit, before);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job", job.name());
    body.put("runs", rows.stream().map(JobRoutes::runView).toList());
    body.put("next_before", rows.size() == limit ? rows.get(rows.size() - 1).id() : null);
    ctx.json(body);
  }

  private void runNow(Context ctx) throws SchedulerException {
    HostkeeperJob job = job(ctx);
    try {
      scheduler.runNow(job.name());
    } catch (JobScheduler.Conflict e) {
      throw ApiError.conflict(e.getMessage());
    }
    ctx.status(202).json(Map.of("job", job.name(), "status", "started",
        "runs", "/api/jobs/" + job.name() + "/runs"));
  }

  private HostkeeperJob job(Context ctx) {
    String name = JobNames.check(ctx.pathParam("name"));
    return scheduler.job(name).orElseThrow(() -> ApiError.notFound("no job named " + JobNames.quote(name)
        + "; GET /api/jobs lists the jobs"));
  }

  private Map<String, Object> view(HostkeeperJob job) {
    String name = job.name();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", name);
    v.put("schedule", job.schedule().expression());
    v.put("time_zone", scheduler.zoneOf(job).getId());
    v.put("state", scheduler.isDisabled(name) ? "disabled" : scheduler.isPaused(name) ? "paused" : "scheduled");
    v.put("running", runner.isRunning(name));
    v.put("catch_up", job.catchUp());
    v.put("next_run", scheduler.nextRun(name).map(Object::toString).orElse(null));
    Optional<RunRecord> last = history.lastRun(name);
    v.put("previous_run", last.map(r -> r.startedAt().toString()).orElse(null));
    Optional<RunRecord> lastFinished = last.filter(RunRecord::finished).or(() -> history.lastFinished(name));
    v.put("last_result", lastFinished.map(JobRoutes::runView).orElse(null));
    v.put("last_success", history.lastSuccess(name).map(Object::toString).orElse(null));
    return v;
  }

  static Map<String, Object> runView(RunRecord r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", r.id());
    v.put("trigger", r.trigger());
    v.put("result", r.result());
    v.put("scheduled_at", r.scheduledAt() == null ? null : r.scheduledAt().toString());
    v.put("started_at", r.startedAt().toString());
    v.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
    v.put("duration_seconds", r.endedAt() == null ? null
        : (r.endedAt().toEpochMilli() - r.startedAt().toEpochMilli()) / 1000.0);
    v.put("message", r.message());
    v.put("details", r.details() == null ? null : new RawJson(r.details()));
    return v;
  }

  private static Map<String, Object> activeView(JobRunner.ActiveRun run) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("job", run.job());
    v.put("run_id", run.runId() < 0 ? null : run.runId());
    v.put("trigger", run.trigger().label());
    v.put("started_at", run.startedAt().toString());
    return v;
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) return dflt;
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
  }

  private static long longParam(String name, String raw) {
    try {
      long v = Long.parseLong(raw.trim());
      if (v > 0) return v;
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiError.badRequest(name + " must be a run id (a positive whole number, as `jobs history` shows)");
  }
}
