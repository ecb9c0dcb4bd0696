package io.hostkeeper.exporter.scrape;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.config.CollectorsConfig;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.exporter.collector.BuildInfoCollector;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.ConntrackCollector;
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
import io.hostkeeper.exporter.collector.NetclassCollector;
import io.hostkeeper.exporter.collector.NetdevCollector;
import io.hostkeeper.exporter.collector.NetstatCollector;
import io.hostkeeper.exporter.collector.OsCollector;
import io.hostkeeper.exporter.collector.PageSize;
import io.hostkeeper.exporter.collector.OshiCpuCollector;
import io.hostkeeper.exporter.collector.OshiLoadavgCollector;
import io.hostkeeper.exporter.collector.OshiMemoryCollector;
import io.hostkeeper.exporter.collector.PressureCollector;
import io.hostkeeper.exporter.collector.ProcessGroupsCollector;
import io.hostkeeper.exporter.collector.ProcessesCollector;
import io.hostkeeper.exporter.collector.SockstatCollector;
import io.hostkeeper.exporter.collector.StatCollector;
import io.hostkeeper.exporter.collector.StatFs;
import io.hostkeeper.exporter.collector.ThermalCollector;
import io.hostkeeper.exporter.collector.TimeCollector;
import io.hostkeeper.exporter.collector.VmstatCollector;
import io.hostkeeper.exporter.collector.thermal.SensorsSource;
import io.hostkeeper.exporter.collector.EdacCollector;
import io.hostkeeper.exporter.collector.MdraidCollector;
import io.hostkeeper.exporter.collector.NvmeCollector;
import io.hostkeeper.exporter.collector.PowerSupplyCollector;
import io.hostkeeper.exporter.collector.SmartCollector;
import io.hostkeeper.exporter.collector.TextfileCollector;
import io.hostkeeper.exporter.collector.TimexCollector;
import io.hostkeeper.exporter.collector.timex.Adjtimex;
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
 * (so {@code disable: [processgroups]} still turns it off). The built-in ones are listed once, in
 * {@link #builtIn}; other areas add theirs with {@link #with} (the services collector, which shares
 * its results with /api/status). An unknown name is a configuration error ({@link #unknownNames}).
 */
public final class CollectorRegistry {
  private static final Logger log = LoggerFactory.getLogger(CollectorRegistry.class);
  /** statvfs timeout per mount, as node_exporter's --collector.filesystem.mount-timeout. */
  static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How to make one collector: its name (equal to the collector's {@link Collector#name()}), whether
   * it runs without being enabled, and the constructor. A factory that is not {@code available} on
   * this platform (a /proc reader on a host without Linux procfs) keeps its name valid in config,
   * but enabling it only logs a warning. One that runs {@code evenWithEnable} belongs to the port
   * rather than the host ({@link #ofThePort}).
   */
  public record Factory(String name, boolean enabledByDefault, Supplier<Collector> create, boolean available,
      boolean evenWithEnable) {
    public Factory {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(create, "create");
    }

    public Factory(String name, boolean enabledByDefault, Supplier<Collector> create) {
      this(name, enabledByDefault, create, true, false);
    }

    public Factory(String name, boolean enabledByDefault, Supplier<Collector> create, boolean available) {
      this(name, enabledByDefault, create, available, false);
    }

    /**
     * A collector that belongs to the port rather than to the host (the port's basic-auth refusals):
     * it runs with an {@code enable} list too, unless {@code disable} names it.
     */
    public static Factory ofThePort(String name, Supplier<Collector> create) {
      return new Factory(name, true, create, true, true);
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

  /**
   * The built-in collectors, the one list of them: direct /proc and /sys readers when {@code roots}
   * has a Linux procfs, otherwise OSHI for cpu, loadavg, meminfo and thermal. The Linux-only ones are
   * listed on every platform (so a config checks the same everywhere) but not available elsewhere.
   */
  public static CollectorRegistry builtIn(ExporterConfig cfg, HostRoots roots, BuildInfo build, Clock clock) {
    return builtIn(cfg, roots, build, clock, new FallbackStatFs(new JnaStatFs(), new FileStoreStatFs()));
  }

  /** As {@link #builtIn(ExporterConfig, HostRoots, BuildInfo, Clock)} with the given statvfs (tests pass a fake). */
  public static CollectorRegistry builtIn(ExporterConfig cfg, HostRoots roots, BuildInfo build, Clock clock, StatFs statFs) {
    boolean linux = roots.hasLinuxProcfs();
    Supplier<SystemInfo> si = memoize(SystemInfo::new);
    Supplier<CentralProcessor> cpu = memoize(() -> si.get().getHardware().getProcessor());
    List<Factory> f = new ArrayList<>();
    // name, on by default, Linux reader, OSHI fallback (null: Linux only)
    f.add(either(linux, "cpu", true, () -> new CpuCollector(roots), () -> new OshiCpuCollector(cpu.get())));
    f.add(either(linux, "loadavg", true, () -> new LoadavgCollector(roots), () -> new OshiLoadavgCollector(cpu.get())));
    f.add(either(linux, "meminfo", true, () -> new MeminfoCollector(roots),
        () -> new OshiMemoryCollector(si.get().getHardware().getMemory())));
    f.add(either(linux, "filesystem", true, () -> new FilesystemCollector(roots, statFs,
        cfg.filesystems().mountPointsExclude(), cfg.filesystems().fsTypesExclude(), MOUNT_TIMEOUT), null));
    f.add(either(linux, "diskstats", true, () -> new DiskstatsCollector(roots, DiskstatsCollector.DEFAULT_EXCLUDE), null));
    f.add(either(linux, "netdev", true, () -> new NetdevCollector(roots, NetdevCollector.DEFAULT_EXCLUDE), null));
    f.add(either(linux, "stat", true, () -> new StatCollector(roots), null));
    f.add(either(linux, "processes", true, () -> new ProcessesCollector(roots), null));
    f.add(either(linux, "filefd", true, () -> new FilefdCollector(roots), null));
    f.add(either(linux, "pressure", true, () -> new PressureCollector(roots), null));
    f.add(either(linux, "netclass", true, () -> new NetclassCollector(roots, NetclassCollector.DEFAULT_EXCLUDE), null));
    f.add(either(linux, "vmstat", true, () -> new VmstatCollector(roots, PageSize.HOST), null));
    f.add(either(linux, "netstat", true, () -> new NetstatCollector(roots), null));
    f.add(either(linux, "sockstat", true, () -> new SockstatCollector(roots, PageSize.HOST), null));
    f.add(either(linux, "conntrack", true, () -> new ConntrackCollector(roots), null));
    // optional: kmsg only when named in enable; processgroups also when process groups are configured
    f.add(either(linux, "kmsg", false, () -> new KmsgCollector(cfg.paths().kmsg()), null));
    f.add(either(linux, "processgroups", !cfg.processGroups().isEmpty(),
        () -> new ProcessGroupsCollector(roots, cfg.processGroups()), null));
    f.add(new Factory("time", true, () -> new TimeCollector(clock)));
    f.add(new Factory("os", true, () -> new OsCollector(roots)));
    f.add(new Factory("buildinfo", true, () -> new BuildInfoCollector(build)));
    f.add(either(linux, "thermal", true, () -> new ThermalCollector(roots.sysfs()),
        () -> new ThermalCollector(SensorsSource.of(si.get().getHardware().getSensors()))));
    // sysfs and /proc/mdstat readers: nothing to export where those files do not exist
    f.add(new Factory("mdraid", true, () -> new MdraidCollector(roots)));
    f.add(new Factory("edac", true, () -> new EdacCollector(roots)));
    f.add(new Factory("powersupply", true, () -> new PowerSupplyCollector(roots)));
    f.add(new Factory("nvme", true, () -> new NvmeCollector(roots)));
    // optional: smart only when named in enable (it runs smartctl, in the background, every smart.interval)
    f.add(new Factory("smart", false, () -> new SmartCollector(cfg.smart())));
    f.add(new Factory("timex", true, () -> new TimexCollector(Adjtimex::read), Adjtimex.available()));
    // on by default once exporter.textfile.directory is set
    f.add(new Factory("textfile", cfg.textfile().directory() != null, () -> new TextfileCollector(cfg.textfile())));
    return new CollectorRegistry(f);
  }

  /** The Linux reader when {@code linux}, else the fallback, else a name that is known but not available. */
  private static Factory either(boolean linux, String name, boolean byDefault, Supplier<Collector> onLinux,
      Supplier<Collector> elsewhere) {
    if (linux) return new Factory(name, byDefault, onLinux);
    if (elsewhere != null) return new Factory(name, byDefault, elsewhere);
    return new Factory(name, byDefault, onLinux, false);
  }

  /** The factories in registry order (their names are what a config may use). */
  public List<Factory> factories() {
    return List.copyOf(factories.values());
  }

  /** A registry with {@code factory} added after the existing ones (its output comes after theirs). */
  public CollectorRegistry with(Factory factory) {
    List<Factory> all = new ArrayList<>(factories.values());
    all.add(factory);
    return new CollectorRegistry(all);
  }

  /** Every name a config may use: the built-in ones and those added with {@link #with}. */
  public List<String> knownNames() {
    return List.copyOf(factories.keySet());
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
      if (!f.available()) continue;
      boolean on = cfg.enable().isEmpty() || f.evenWithEnable() ? f.enabledByDefault() && !cfg.disable().contains(f.name())
          : cfg.enable().contains(f.name());
      if (on) out.add(f.create().get());
    }
    for (String n : cfg.enable()) {
      if (!factories.get(n).available()) log.warn("collector {} is not available on this platform; it will not run", n);
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
