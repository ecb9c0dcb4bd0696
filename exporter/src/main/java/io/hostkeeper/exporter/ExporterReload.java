package io.hostkeeper.exporter;

import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.reload.ConfigDiff;
import io.hostkeeper.common.reload.ReloadSteps;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.exporter.status.CpuUsage;
import io.hostkeeper.exporter.status.HostStatusContributor;
import io.hostkeeper.exporter.status.StatusContributor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the exporter's configuration while it serves (SIGHUP, {@code systemctl reload}): the
 * file is read and checked as at start; on any problem every one is logged and the running
 * configuration stays. Otherwise what changed is logged, and the collectors, the services checks
 * and the status thresholds are rebuilt from the new file and swapped in between two scrapes;
 * the HTTP server keeps running. A new listen address, scrape timeout or status-page setting
 * needs a restart, which the log says.
 */
final class ExporterReload {
  private static final Logger log = LoggerFactory.getLogger(ExporterReload.class);
  /** Keys of {@code exporter:} fixed while the HTTP server runs. */
  static final List<String> RESTART_ONLY = List.of("listen", "scrape_timeout", "status_page", "web_config_file");

  private final Optional<Path> configFile;
  private final ExporterOptions options;
  private final ExporterStartup.Wiring wiring;
  private LoadedConfig loaded;
  private ExporterConfig running;

  ExporterReload(Optional<Path> configFile, ExporterOptions options, LoadedConfig loaded, ExporterConfig running,
      ExporterStartup.Wiring wiring) {
    this.configFile = configFile;
    this.options = options;
    this.loaded = loaded;
    this.running = running;
    this.wiring = wiring;
  }

  /** Reloads the file; true when the new configuration is in effect, false when the old one was kept. */
  synchronized boolean reload() {
    Optional<LoadedConfig> read = ReloadSteps.readChecked(configFile, l -> ExporterStartup.check(l, options), log);
    if (read.isEmpty()) return false;
    LoadedConfig next = read.get();
    ExporterConfig cfg;
    try {
      cfg = options.apply(next.config().exporter());
    } catch (IllegalArgumentException e) {
      log.error("reload: --web.listen-address: {}; the running configuration is kept", e.getMessage());
      return false;
    }
    if (ReloadSteps.logChanges(loaded.config(), next, log).isEmpty()) return true;
    List<String> restartOnly = ConfigDiff.changedKeys(running, cfg).stream().filter(RESTART_ONLY::contains).toList();
    for (String key : restartOnly) {
      log.warn("reload: exporter.{} changed; it takes effect after a restart (the running value is kept until then)", key);
    }
    apply(next, keepRestartOnly(cfg));
    log.info("reload: {} is in effect; collectors: {}", next.source(), String.join(", ", wiring.engine().collectorNames()));
    return true;
  }

  /** The new configuration with the values that need a restart taken from the running one. */
  private ExporterConfig keepRestartOnly(ExporterConfig cfg) {
    return new ExporterConfig(running.listen(), cfg.paths(), cfg.collectors(), cfg.maxStaleness(), running.scrapeTimeout(),
        cfg.filesystems(), cfg.thresholds(), cfg.processGroups(), running.statusPage(), cfg.serviceChecks(), cfg.textfile(),
        cfg.smart(), running.webConfigFile());
  }

  private void apply(LoadedConfig next, ExporterConfig cfg) {
    ExporterStartup.Extensions ext = ExporterStartup.extensions(next.config(), cfg);
    CollectorRegistry registry = ExporterStartup.registry(cfg, ext, wiring.web());
    List<Collector> replaced = wiring.engine().reconfigure(registry.build(cfg.collectors()), cfg.maxStaleness());
    List<StatusContributor> contributors = new ArrayList<>();
    contributors.add(new HostStatusContributor(() -> wiring.engine().collect(cfg.scrapeTimeout()), cfg.thresholds(),
        CpuUsage.system(ExporterStartup.cpuSampler(HostRoots.of(cfg.paths())))));
    contributors.addAll(ext.statusContributors());
    wiring.status().replaceAll(contributors);
    for (Collector c : replaced) close(c);
    loaded = next;
    running = cfg;
  }

  private static void close(Collector c) {
    if (!(c instanceof AutoCloseable closeable)) return;
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("reload: closing the replaced collector {}: {}", c.name(), e.toString());
    }
  }

  /** The configuration in effect (for tests). */
  synchronized LoadedConfig current() {
    return loaded;
  }

  /** The exporter settings the running collectors were built from (for tests). */
  synchronized ExporterConfig running() {
    return running;
  }
}
