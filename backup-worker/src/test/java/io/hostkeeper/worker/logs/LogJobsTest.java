package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogJobsTest {
  @Test
  void oneJobPerEntryWithUniqueLabelsDerivedFromThePath() {
    Logs named = Logs.log("/var/log/nginx/access.log");
    named.name = "nginx access";
    HostkeeperConfig config = new HostkeeperConfig(null, List.of(), null, List.of(),
        List.of(Logs.log("/var/log/app/*.log").build(), Logs.log("/var/log/app/*.log").build(), named.build()), List.of());
    PrometheusRegistry registry = new PrometheusRegistry();
    WorkerContext ctx = new WorkerContext(config, Path.of("/var/lib/hostkeeper"), registry, null, Clock.systemUTC());
    List<String> names = new LogJobs().jobs(ctx).stream().map(HostkeeperJob::name).toList();
    assertEquals(List.of("logs:var_log_app_all.log", "logs:var_log_app_all.log_2", "logs:nginx_access"), names);
    // building the jobs twice against one registry (a reload) must not register the metrics twice
    assertEquals(3, new LogJobs().jobs(ctx).size());
  }
}
