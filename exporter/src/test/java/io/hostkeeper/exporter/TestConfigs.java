package io.hostkeeper.exporter;

import io.hostkeeper.common.config.CollectorsConfig;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.FilesystemsConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.PathsConfig;
import io.hostkeeper.common.config.Threshold;
import io.hostkeeper.common.config.ThresholdsConfig;
import io.hostkeeper.exporter.collector.HostRoots;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Exporter config records built directly, with the defaults their {@code @Default} annotations state. */
public final class TestConfigs {
  private TestConfigs() {}

  public static final Pattern MOUNT_POINTS_EXCLUDE =
      Pattern.compile("^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
  public static final Pattern FS_TYPES_EXCLUDE = Pattern.compile("^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$");

  public static ThresholdsConfig thresholds() {
    return new ThresholdsConfig(new Threshold(80.0, 95.0), new Threshold(80.0, 90.0), new Threshold(80.0, 90.0),
        new Threshold(70.0, 80.0), new Threshold(50.0, null));
  }

  public static ExporterConfig exporter(HostRoots roots, Duration maxStaleness, List<String> enable, List<String> disable) {
    return new ExporterConfig(HostPort.parse("127.0.0.1:0"),
        new PathsConfig(roots.procfs(), roots.sysfs(), roots.rootfs(), "systemctl"),
        new CollectorsConfig(enable, disable), maxStaleness, Duration.ofSeconds(10),
        new FilesystemsConfig(MOUNT_POINTS_EXCLUDE, FS_TYPES_EXCLUDE), thresholds());
  }

  public static ExporterConfig exporter(HostRoots roots) {
    return exporter(roots, Duration.ofSeconds(1), List.of(), List.of());
  }

  /** A fixture host under src/test/resources/fixtures/NAME. */
  public static HostRoots fixture(String name) {
    try {
      Path base = Path.of(TestConfigs.class.getResource("/fixtures/" + name).toURI());
      return new HostRoots(base.resolve("proc"), base.resolve("sys"), base.resolve("rootfs"));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
