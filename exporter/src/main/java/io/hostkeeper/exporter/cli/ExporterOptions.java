package io.hostkeeper.exporter.cli;

import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.PathsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the exporter's commands; command-line values override the config file. */
public final class ExporterOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "hostkeeper.yml to read (default: $HOSTKEEPER_CONFIG, ./hostkeeper.yml, /etc/hostkeeper/hostkeeper.yml, else embedded defaults)")
  Path config;

  @Option(names = "--path.procfs", paramLabel = "DIR", description = "procfs mount point (exporter.paths.procfs, default /proc)")
  Path procfs;

  @Option(names = "--path.sysfs", paramLabel = "DIR", description = "sysfs mount point (exporter.paths.sysfs, default /sys)")
  Path sysfs;

  @Option(names = "--path.rootfs", paramLabel = "DIR", description = "host root filesystem (exporter.paths.rootfs, default /)")
  Path rootfs;

  @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", description = "address to listen on (exporter.listen, default 0.0.0.0:29100)")
  String listen;

  @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json")
  LogSetup.Format logFormat;

  /** These options, with unset ones taken from {@code parent} (options may come before or after the subcommand). */
  public ExporterOptions orElse(ExporterOptions parent) {
    ExporterOptions o = new ExporterOptions();
    o.config = config != null ? config : parent.config;
    o.procfs = procfs != null ? procfs : parent.procfs;
    o.sysfs = sysfs != null ? sysfs : parent.sysfs;
    o.rootfs = rootfs != null ? rootfs : parent.rootfs;
    o.listen = listen != null ? listen : parent.listen;
    o.logFormat = logFormat != null ? logFormat : parent.logFormat;
    return o;
  }

  public Path config() {
    return config;
  }

  public LogSetup.Format logFormat() {
    return logFormat == null ? LogSetup.Format.TEXT : logFormat;
  }

  /** {@code cfg} with the command-line overrides applied. @throws IllegalArgumentException for a bad listen address */
  public ExporterConfig apply(ExporterConfig cfg) {
    PathsConfig p = cfg.paths();
    PathsConfig paths = new PathsConfig(procfs != null ? procfs : p.procfs(), sysfs != null ? sysfs : p.sysfs(),
        rootfs != null ? rootfs : p.rootfs(), p.systemctl());
    HostPort l = listen != null ? HostPort.parse(listen) : cfg.listen();
    return new ExporterConfig(l, paths, cfg.collectors(), cfg.maxStaleness(), cfg.scrapeTimeout(), cfg.filesystems(),
        cfg.thresholds());
  }
}
