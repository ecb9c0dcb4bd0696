package io.hostkeeper.exporter.scrape;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.config.CollectorsConfig;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.exporter.collector.BuildInfoCollector;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.CpuCollector;
import io.hostkeeper.exporter.collector.DiskstatsCollector;
import io.hostkeeper.exporter.collector.FallbackStatFs;
import io.hostkeeper.exporter.collector.FileStoreStatFs;
import io.hostkeeper.exporter.collector.FilefdCollector;
import io.hostkeeper.exporter.collector.FilesystemCollector;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.JnaStatFs;
import io.hostkeeper.exporter.collector.KmsgCollector;
import io.hostkeeper.exporter.collector.LoadavgCollector;
import io.hostkeeper.exporter.collector.MeminfoCollector;
import io.hostkeeper.exporter.collector.NetdevCollector;
import io.hostkeeper.exporter.collector.OsCollector;
import io.hostkeeper.exporter.collector.OshiCpuCollector;
import io.hostkeeper.exporter.collector.OshiLoadavgCollector;
import io.hostkeeper.exporter.collector.OshiMemoryCollector;
import io.hostkeeper.exporter.collector.PressureCollector;
import io.hostkeeper.exporter.collector.ProcessGroupsCollector;
import io.hostkeeper.exporter.collector.ProcessesCollector;
import io.hostkeeper.exporter.collector.StatCollector;
import io.hostkeeper.exporter.collector.StatFs;
import io.hostkeeper.exporter.collector.TimeCollector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * The collectors hostkeeper knows, by name, and which of them run ({@code exporter.collectors}:
 * {@code enable} = only these, {@code disable} = every default one but these). The optional ones
 * ({@code kmsg}, and {@code processgroups} while {@code exporter.process_groups} is empty) run only
 * when named in {@code enable}; configured process groups make {@code processgroups} a default one
 * (so {@code disable: [processgroups]} still turns it off). Other modules add
 * theirs with {@link #with}. An unknown name is a configuration error ({@link #unknownNames}).
 */
public final class CollectorRegistry {
  private static final Logger log = LoggerFactory.getLogger(CollectorRegistry.class);
  /** statvfs timeout per mount, as node_exporter's --collector.filesystem.mount-timeout. */
  static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(5);

  /** How to make one collector: its name, whether it runs without being enabled, and the constructor. */
  public record Factory(String name, boolean enabledByDefault, Supplier<Collector> create, boolean evenWithEnable) {
    public Factory {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(create, "create");
    }

    public Factory(String name, boolean enabledByDefault, Supplier<Collector> create) {
      this(name, enabledByDefault, create, false);
    }

    /**
     * A collector that belongs to the port rather than to the host (the port's basic-auth refusals):
     * it runs with an {@code enable} list too, unless {@code disable} names it.
     */
    public static Factory ofThePort(String name, Supplier<Collector> create) {
      return new Factory(name, true, create, true);
    }
  }

  private final Map<String, Factory> factories;

  public CollectorRegistry(List<Factory> factories) {
    Map<String, Factory> m = new LinkedHashMap<>();
    for (Factory f : factories) {
      if (m.put(f.name(), f) != null) throw new IllegalArgumentException("collector registered twice: " + f.name());
    }
    this.factories = m;
  }

  /** The built-in names, the same on every platform (so a config checks the same everywhere). */
  public static final List<String> BUILT_IN = List.of("cpu", "loadavg", "meminfo", "filesystem", "diskstats", "netdev",
      "stat", "time", "processes", "filefd", "pressure", "os", "buildinfo", "kmsg", "processgroups");

  /**
   * The built-in collectors: direct /proc and /sys readers when {@code roots} has a Linux procfs,
   * otherwise OSHI for cpu, loadavg and meminfo (the Linux-only ones are then not registered; enabling
   * them logs a warning and runs nothing).
   */
  public static CollectorRegistry builtIn(ExporterConfig cfg, HostRoots roots, BuildInfo build, Clock clock) {
    return builtIn(cfg, roots, build, clock, new FallbackStatFs(new JnaStatFs(), new FileStoreStatFs()));
  }

  /** As {@link #builtIn(ExporterConfig, HostRoots, BuildInfo, Clock)} with the given statvfs (tests pass a fake). */
  public static CollectorRegistry builtIn(ExporterConfig cfg, HostRoots roots, BuildInfo build, Clock clock, StatFs statFs) {
    List<Factory> f = new ArrayList<>();
    if (roots.hasLinuxProcfs()) {
      f.add(new Factory("cpu", true, () -> new CpuCollector(roots)));
      f.add(new Factory("loadavg", true, () -> new LoadavgCollector(roots)));
      f.add(new Factory("meminfo", true, () -> new MeminfoCollector(roots)));
      f.add(new Factory("filesystem", true, () -> new FilesystemCollector(roots, statFs,
          cfg.filesystems().mountPointsExclude(), cfg.filesystems().fsTypesExclude(), MOUNT_TIMEOUT)));
      f.add(new Factory("diskstats", true, () -> new DiskstatsCollector(roots, DiskstatsCollector.DEFAULT_EXCLUDE)));
      f.add(new Factory("netdev", true, () -> new NetdevCollector(roots, NetdevCollector.DEFAULT_EXCLUDE)));
      f.add(new Factory("stat", true, () -> new StatCollector(roots)));
      f.add(new Factory("processes", true, () -> new ProcessesCollector(roots)));
      f.add(new Factory("filefd", true, () -> new FilefdCollector(roots)));
      f.add(new Factory("pressure", true, () -> new PressureCollector(roots)));
      // optional: kmsg only when named in enable; processgroups also when process groups are configured
      f.add(new Factory("kmsg", false, () -> new KmsgCollector(cfg.paths().kmsg())));
      f.add(new Factory("processgroups", !cfg.processGroups().isEmpty(),
          () -> new ProcessGroupsCollector(roots, cfg.processGroups())));
    } else {
      Supplier<SystemInfo> si = memoize(SystemInfo::new);
      Supplier<CentralProcessor> cpu = memoize(() -> si.get().getHardware().getProcessor());
      f.add(new Factory("cpu", true, () -> new OshiCpuCollector(cpu.get())));
      f.add(new Factory("loadavg", true, () -> new OshiLoadavgCollector(cpu.get())));
      f.add(new Factory("meminfo", true, () -> new OshiMemoryCollector(si.get().getHardware().getMemory())));
    }
    f.add(new Factory("time", true, () -> new TimeCollector(clock)));
    f.add(new Factory("os", true, () -> new OsCollector(roots)));
    f.add(new Factory("buildinfo", true, () -> new BuildInfoCollector(build)));
    return new CollectorRegistry(f);
  }

  /** A registry with {@code factory} added after the existing ones (its output comes after theirs). */
  public CollectorRegistry with(Factory factory) {
    List<Factory> all = new ArrayList<>(factories.values());
    all.add(factory);
    return new CollectorRegistry(all);
  }

  /** Every name a config may use: the built-in ones and those added with {@link #with}. */
  public List<String> knownNames() {
    List<String> names = new ArrayList<>(BUILT_IN);
    for (String n : factories.keySet()) if (!names.contains(n)) names.add(n);
    return names;
  }

  /** Names in {@code enable}/{@code disable} that no collector has, each with its key, e.g. {@code disable[1]}. */
  public List<String[]> unknownNames(CollectorsConfig cfg) {
    List<String[]> out = new ArrayList<>();
    List<String> known = knownNames();
    for (int i = 0; i < cfg.enable().size(); i++) {
      if (!known.contains(cfg.enable().get(i))) out.add(new String[] {"enable[" + i + "]", cfg.enable().get(i)});
    }
    for (int i = 0; i < cfg.disable().size(); i++) {
      if (!known.contains(cfg.disable().get(i))) out.add(new String[] {"disable[" + i + "]", cfg.disable().get(i)});
    }
    return out;
  }

  /** The collectors to run, in registry order. @throws IllegalArgumentException naming unknown collectors */
  public List<Collector> build(CollectorsConfig cfg) {
    List<String[]> unknown = unknownNames(cfg);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown collector \"" + unknown.get(0)[1] + "\"; known: " + String.join(", ", knownNames()));
    }
    List<Collector> out = new ArrayList<>();
    for (Factory f : factories.values()) {
      boolean on = cfg.enable().isEmpty() || f.evenWithEnable() ? f.enabledByDefault() && !cfg.disable().contains(f.name())
          : cfg.enable().contains(f.name());
      if (on) out.add(f.create().get());
    }
    for (String n : cfg.enable()) {
      if (!factories.containsKey(n)) log.warn("collector {} is not available on this platform; it will not run", n);
    }
    return out;
  }

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) value = s.get();
        return value;
      }
    };
  }
}
