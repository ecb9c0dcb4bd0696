package io.hostkeeper.exporter.collector.smart;

import io.hostkeeper.exporter.collector.Families;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/** The snapshots of one SMART refresh. Pure. */
public final class SmartMetrics {
  private SmartMetrics() {}

  /**
   * @param up whether smartctl could run and list the devices
   * @param refreshedAtSeconds when the refresh finished, seconds since the epoch
   */
  public static List<MetricSnapshot> snapshots(boolean up, double refreshedAtSeconds, List<SmartJson.Health> devices) {
    Families.Gauge error = g("device_error", "1 when smartctl cannot read the device's SMART data (the exporter log says why), 0 when it can.");
    Families.Gauge passed = g("health_ok", "1 when the device's SMART overall health self-assessment passed, 0 when it failed.");
    Families.Gauge temp = g("temperature_celsius", "Temperature the device reports, in degrees Celsius.");
    Families.Gauge hours = g("power_on_seconds", "Time the device has been powered on, in seconds (from its power-on hours).");
    Families.Gauge realloc = g("reallocated_sectors", "Sectors the device has reallocated (ATA attribute 5, raw).");
    Families.Gauge pending = g("pending_sectors", "Sectors waiting to be reallocated (ATA attribute 197, raw).");
    Families.Gauge offline = g("offline_uncorrectable_sectors", "Sectors found uncorrectable offline (ATA attribute 198, raw).");
    Families.Gauge used = g("nvme_percentage_used_ratio", "The NVMe device's estimate of its life used, 0 to 1 (may exceed 1).");
    Families.Gauge spare = g("nvme_available_spare_ratio", "The NVMe device's available spare capacity, 0 to 1.");
    Families.Gauge spareMin = g("nvme_available_spare_threshold_ratio", "The spare capacity below which the NVMe device warns, 0 to 1.");
    Families.Counter media = new Families.Counter("hostkeeper_smart_nvme_media_errors",
        "Unrecovered data integrity errors the NVMe device has counted.");
    InfoSnapshot.Builder info = InfoSnapshot.builder().name("hostkeeper_smart_device").help("The device's protocol, model and firmware (value 1).");
    boolean anyInfo = false;
    for (SmartJson.Health h : devices) {
      String d = h.device();
      if (h.standby()) continue;
      error.add(h.problem() == null ? 0 : 1, "device", d);
      if (h.problem() != null) continue;
      if (h.passed() != null) passed.add(h.passed() ? 1 : 0, "device", d);
      add(temp, h.temperatureCelsius(), 1, 1, d);
      add(hours, h.powerOnHours(), 3600, 1, d);
      add(realloc, h.reallocatedSectors(), 1, 1, d);
      add(pending, h.pendingSectors(), 1, 1, d);
      add(offline, h.offlineUncorrectable(), 1, 1, d);
      add(used, h.percentageUsed(), 1, 100, d);
      add(spare, h.availableSpare(), 1, 100, d);
      add(spareMin, h.availableSpareThreshold(), 1, 100, d);
      if (h.mediaErrors() != null) media.add(h.mediaErrors(), "device", d);
      info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("device", d, "protocol", nz(h.protocol()),
          "model", nz(h.model()), "firmware", nz(h.firmware()))).build());
      anyInfo = true;
    }
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(Families.gauge("hostkeeper_smart_up", "1 when smartctl ran and listed the devices in the last refresh, 0 when it could not.",
        up ? 1 : 0));
    out.add(Families.gauge("hostkeeper_smart_last_refresh_timestamp_seconds", "When the SMART data was last read, in seconds since the epoch.",
        refreshedAtSeconds));
    for (Families.Gauge f : List.of(error, passed, temp, hours, realloc, pending, offline, used, spare, spareMin)) f.addTo(out);
    media.addTo(out);
    if (anyInfo) out.add(info.build());
    return out;
  }

  private static Families.Gauge g(String name, String help) {
    return new Families.Gauge("hostkeeper_smart_" + name, help);
  }

  private static void add(Families.Gauge g, Double v, double times, double by, String device) {
    if (v != null) g.add(v * times / by, "device", device);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
