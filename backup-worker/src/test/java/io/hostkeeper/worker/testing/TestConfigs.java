package io.hostkeeper.worker.testing;

import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.Secret;
import io.hostkeeper.common.config.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** Configs for worker tests: everything on 127.0.0.1, port 0. */
public final class TestConfigs {
  private TestConfigs() {}

  public static HostkeeperConfig worker(Path dataDir) {
    return worker(dataDir, new AdminConfig(new HostPort("127.0.0.1", 0), null, null));
  }

  public static HostkeeperConfig withToken(Path dataDir, String token) {
    return worker(dataDir, new AdminConfig(new HostPort("127.0.0.1", 0), null, new Secret(token)));
  }

  public static HostkeeperConfig worker(Path dataDir, AdminConfig admin) {
    return worker(dataDir, admin, new HostPort("127.0.0.1", 0));
  }

  public static HostkeeperConfig worker(Path dataDir, AdminConfig admin, HostPort metrics) {
    WorkerConfig w = new WorkerConfig(dataDir, metrics, admin, Duration.ofDays(90), ZoneId.of("UTC"));
    return new HostkeeperConfig(null, List.of(), w, List.of(), List.of(), List.of());
  }
}
