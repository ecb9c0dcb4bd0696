package io.hostkeeper.exporter.collector;

import io.hostkeeper.exporter.collector.timex.TimexValues;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * timex: the kernel clock's synchronisation state, offset and error bounds, from adjtimex(2) (the
 * figures node_exporter's timex collector has). {@link #metrics} is the pure decoding of one reading.
 */
public final class TimexCollector implements Collector {
  private static final double MICRO = 1e6;
  private static final double NANO = 1e9;
  /** freq, ppsfreq and stabil are ppm with a 16-bit fraction. */
  private static final double PPM16 = 1e6 * 65536;

  private final Callable<TimexValues> source;

  /** @param source one adjtimex reading per call ({@code Adjtimex::read} on Linux, a fake in tests) */
  public TimexCollector(Callable<TimexValues> source) {
    this.source = java.util.Objects.requireNonNull(source, "source");
  }

  @Override
  public String name() {
    return "timex";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws Exception {
    return metrics(source.call());
  }

  public static List<MetricSnapshot> metrics(TimexValues t) {
    double div = (t.status() & TimexValues.STA_NANO) != 0 ? NANO : MICRO;
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(Families.gauge("hostkeeper_timex_sync_status",
        "1 when the kernel clock is synchronised to a reliable source, 0 when adjtimex reports TIME_ERROR.",
        t.clockState() == TimexValues.TIME_ERROR ? 0 : 1));
    out.add(Families.gauge("hostkeeper_timex_offset_seconds", "Offset of the local clock from the reference clock in seconds.",
        t.offset() / div));
    out.add(Families.gauge("hostkeeper_timex_frequency_adjustment_ratio", "Frequency adjustment of the local clock (1 = none).",
        1 + t.freq() / PPM16));
    out.add(Families.gauge("hostkeeper_timex_maxerror_seconds", "Maximum error of the clock in seconds.", t.maxerror() / MICRO));
    out.add(Families.gauge("hostkeeper_timex_estimated_error_seconds", "Estimated error of the clock in seconds.",
        t.esterror() / MICRO));
    out.add(Families.gauge("hostkeeper_timex_status", "The clock status bits (STA_*) as a number.", t.status()));
    out.add(Families.gauge("hostkeeper_timex_loop_time_constant", "Time constant of the phase-locked loop.", t.constant()));
    out.add(Families.gauge("hostkeeper_timex_tick_seconds", "Seconds between clock ticks.", t.tick() / MICRO));
    out.add(Families.gauge("hostkeeper_timex_tai_offset_seconds", "Offset of International Atomic Time (TAI) from UTC in seconds.",
        t.tai()));
    out.add(Families.gauge("hostkeeper_timex_pps_frequency_hertz", "Pulse-per-second frequency.", t.ppsfreq() / PPM16));
    out.add(Families.gauge("hostkeeper_timex_pps_jitter_seconds", "Pulse-per-second jitter in seconds.", t.jitter() / div));
    out.add(Families.gauge("hostkeeper_timex_pps_shift", "Pulse-per-second calibration interval as a power of two seconds.",
        t.shift()));
    out.add(Families.gauge("hostkeeper_timex_pps_stability_hertz", "Pulse-per-second stability (average of recent frequency changes).",
        t.stabil() / PPM16));
    out.add(Families.counter("hostkeeper_timex_pps_jitter", "Pulse-per-second jitter limit exceeded events.", t.jitcnt()));
    out.add(Families.counter("hostkeeper_timex_pps_calibration", "Pulse-per-second calibration intervals.", t.calcnt()));
    out.add(Families.counter("hostkeeper_timex_pps_error", "Pulse-per-second calibration errors.", t.errcnt()));
    out.add(Families.counter("hostkeeper_timex_pps_stability_exceeded", "Pulse-per-second stability limit exceeded events.",
        t.stbcnt()));
    return out;
  }
}
