package io.hostkeeper.exporter.collector.timex;

/**
 * The kernel's clock discipline as adjtimex(2) reports it with {@code modes = 0} (nothing changed):
 * the return value ({@code clockState}) and the {@code struct timex} fields, in their kernel units
 * (offset and jitter in µs or ns per {@code STA_NANO}; freq, ppsfreq, stabil in ppm scaled by 2^16;
 * maxerror, esterror and tick in µs).
 */
public record TimexValues(int clockState, long offset, long freq, long maxerror, long esterror, int status, long constant,
    long tick, long ppsfreq, long jitter, int shift, long stabil, long jitcnt, long calcnt, long errcnt, long stbcnt, int tai) {

  /** adjtimex's TIME_ERROR: the clock is not synchronised. */
  public static final int TIME_ERROR = 5;
  /** Offset and jitter are in nanoseconds, not microseconds. */
  public static final int STA_NANO = 0x2000;
  /** The clock is not synchronised. */
  public static final int STA_UNSYNC = 0x40;
}
