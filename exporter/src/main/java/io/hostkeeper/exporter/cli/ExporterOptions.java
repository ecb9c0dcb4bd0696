package io.hostkeeper.exporter.cli;

import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.PathsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The exporter's own options (the shared ones, {@code --config}, {@code --log-format} and
 * {@code --log-level}, come from common's CommonOptions). Inherited by the subcommands, so they may
 * be given before or after {@code run}/{@code check-config}; they override the config file.
 */
public final class ExporterOptions {
  @Option(names = "--path.procfs", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "procfs mount point (overrides exporter.paths.procfs, default /proc)")
  Path procfs;

  @Option(names = "--path.sysfs", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "sysfs mount point (overrides exporter.paths.sysfs, default /sys)")
  Path sysfs;

  @Option(names = "--path.rootfs", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "host root filesystem (overrides exporter.paths.rootfs, default /)")
  Path rootfs;

  @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
      description = "address to listen on (overrides exporter.listen, default 0.0.0.0:29100)")
  String listen;

  @Option(names = "--web.config.file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "web-config file for TLS and basic auth, in the Prometheus exporter format (overrides exporter.web_config_file)")
  Path webConfigFile;

  /** Whether {@code --web.config.file} was given (errors then name it instead of exporter.web_config_file). */
  public boolean webConfigGiven() {
    return webConfigFile != null;
  }

  /** Whether {@code --web.listen-address} was given (errors then name it instead of exporter.listen). */
  public boolean listenGiven() {
    return listen != null;
  }

  /** {@code cfg} with the command-line overrides applied. @throws IllegalArgumentException for a bad listen address */
  public ExporterConfig apply(ExporterConfig cfg) {
    PathsConfig p = cfg.paths();
    PathsConfig paths = new PathsConfig(procfs != null ? procfs : p.procfs(), sysfs != null ? sysfs : p.sysfs(),
        rootfs != null ? rootfs : p.rootfs(), p.systemctl(), p.kmsg());
    HostPort l = listen != null ? HostPort.parse(listen) : cfg.listen();
    return new ExporterConfig(l, paths, cfg.collectors(), cfg.maxStaleness(), cfg.scrapeTimeout(), cfg.filesystems(),
        cfg.thresholds(), cfg.processGroups(), cfg.statusPage(), cfg.serviceChecks(), cfg.textfile(), cfg.smart(),
        webConfigFile != null ? webConfigFile : cfg.webConfigFile());
  }
}
