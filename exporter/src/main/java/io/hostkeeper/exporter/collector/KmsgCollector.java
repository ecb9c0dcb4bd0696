package io.hostkeeper.exporter.collector;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kernel log messages by severity ({@code hostkeeper_kernel_log_messages_total{priority}} for emerg,
 * alert, crit, err and warning), read from {@code /dev/kmsg} (off by default: enable {@code kmsg}).
 *
 * <p>How it reads without ever blocking a scrape: Java cannot open a file with {@code O_NONBLOCK}, and
 * a plain read of {@code /dev/kmsg} waits for the next message once it has returned the last one. So
 * the device is opened through libc ({@code open(O_RDONLY|O_NONBLOCK|O_CLOEXEC)}, JNA) on the first
 * scrape and kept open. Every scrape reads what is new since the previous one until the kernel says
 * {@code EAGAIN} (nothing more now) or end of file, and adds the new records to counters held here.
 * The first scrape therefore counts every record still in the ring buffer (all since boot unless it
 * has wrapped), later scrapes only new ones, and a scrape reads at most {@link #MAX_READS_PER_SCRAPE}
 * records and stops at the scrape's deadline (a flood is finished by the next scrape), so the cost is
 * bounded however busy the kernel is. The flag values are those of x86, ARM and arm64 Linux.
 *
 * <p>When the ring buffer wraps past our position, the kernel answers {@code EPIPE} once and moves
 * the descriptor to the oldest record it still has. Records are never counted twice: a record whose
 * sequence number is not above the last one counted is skipped. Records lost to the wrap cannot be
 * classified; their number (the gap in sequence numbers) is {@code hostkeeper_kernel_log_messages_lost_total}.
 *
 * <p>Reading needs permission: root, {@code CAP_SYSLOG}, or {@code kernel.dmesg_restrict=0}. Without it
 * the collector fails with that message (its {@code hostkeeper_scrape_collector_success} is 0) and
 * tries again at the next scrape; the rest of the scrape is unaffected. A regular file holding records
 * (the tests' fixture) is read the same way, new lines appended to it being new records.
 */
public final class KmsgCollector implements Collector {
  /** Syslog priority names by level (the low three bits of the record's prefix); info and below are not exported. */
  static final String[] PRIORITIES = {"emerg", "alert", "crit", "err", "warning"};
  static final int MAX_READS_PER_SCRAPE = 100_000;
  private static final int O_RDONLY = 0;
  private static final int O_NONBLOCK = 04000;
  private static final int O_CLOEXEC = 02000000;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int EPIPE = 32;
  private static volatile boolean registered;

  private static native int open(String path, int flags);

  private static native NativeLong read(int fd, byte[] buf, NativeLong count);

  private final Path device;
  private final byte[] buffer = new byte[16 * 1024];
  private final long[] counts = new long[PRIORITIES.length];
  private final StringBuilder partial = new StringBuilder();
  private int fd = -1;
  private long lastSeq = -1;
  private long lost;

  public KmsgCollector(Path device) {
    this.device = Objects.requireNonNull(device, "device");
  }

  @Override
  public String name() {
    return "kmsg";
  }

  /** One record's header: its priority level (0 emerg .. 7 debug) and sequence number. */
  public record Record(int level, long seq) {}

  /**
   * Parses one record line {@code PRIO,SEQ,TS,FLAGS[,...];message}; the level is {@code PRIO & 7}
   * (the higher bits are the syslog facility). Null for continuation lines of the record's
   * dictionary (they start with a space) and for lines without that shape.
   */
  public static Record parseRecord(String line) {
    int semi = line.indexOf(';');
    if (line.isEmpty() || line.charAt(0) == ' ' || semi < 0) return null;
    String[] f = line.substring(0, semi).split(",", -1);
    if (f.length < 4) return null;
    try {
      int prio = Integer.parseInt(f[0]);
      long seq = Long.parseLong(f[1]);
      if (prio < 0 || seq < 0) return null;
      return new Record(prio & 7, seq);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Every record in {@code text} (complete lines), in order. */
  public static List<Record> parse(String text) {
    List<Record> out = new ArrayList<>();
    for (String line : Fields.lines(text)) {
      Record r = parseRecord(line);
      if (r != null) out.add(r);
    }
    return out;
  }

  /**
   * Adds {@code records} to {@code counts} (by level, emerg..warning) past {@code lastSeq}; returns
   * the new last sequence number and adds the gaps in sequence numbers to {@code lostOut[0]}.
   */
  public static long count(List<Record> records, long lastSeq, long[] counts, long[] lostOut) {
    for (Record r : records) {
      if (r.seq() <= lastSeq) continue;
      if (lastSeq >= 0 && r.seq() > lastSeq + 1) lostOut[0] += r.seq() - lastSeq - 1;
      if (r.level() < counts.length) counts[r.level()]++;
      lastSeq = r.seq();
    }
    return lastSeq;
  }

  public static List<MetricSnapshot> snapshots(long[] counts, long lost) {
    Families.Counter messages = new Families.Counter("hostkeeper_kernel_log_messages",
        "Kernel log records seen since the exporter started (at first read: all still in the ring buffer), by priority.");
    for (int i = 0; i < PRIORITIES.length; i++) messages.add(counts[i], "priority", PRIORITIES[i]);
    List<MetricSnapshot> out = new ArrayList<>(2);
    messages.addTo(out);
    out.add(Families.counter("hostkeeper_kernel_log_messages_lost",
        "Kernel log records overwritten in the ring buffer before the exporter read them.", lost));
    return out;
  }

  @Override
  public synchronized List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    if (fd < 0) fd = openDevice();
    StringBuilder text = new StringBuilder(partial);
    partial.setLength(0);
    for (int reads = 0; reads < MAX_READS_PER_SCRAPE; reads++) {
      if ((reads & 1023) == 1023 && context.remaining().isZero()) break; // the rest is read next scrape
      long n = read(fd, buffer, new NativeLong(buffer.length)).longValue();
      if (n > 0) {
        text.append(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
        continue;
      }
      if (n == 0) break;
      int errno = Native.getLastError();
      if (errno == EINTR || errno == EPIPE) continue; // EPIPE: wrapped past us; the gap is counted from seq numbers
      if (errno == EAGAIN) break;
      throw new IOException("cannot read " + device + ": " + errnoText(errno));
    }
    int end = text.lastIndexOf("\n");
    partial.append(text, end + 1, text.length()); // an incomplete last line (regular files only) waits for the rest
    long[] lostOut = {lost};
    lastSeq = count(parse(text.substring(0, end + 1)), lastSeq, counts, lostOut);
    lost = lostOut[0];
    return snapshots(counts, lost);
  }

  private int openDevice() throws IOException {
    if (!Platform.isLinux()) throw new IOException("the kmsg collector needs Linux's " + device);
    if (!registered) register();
    int f = open(device.toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f >= 0) return f;
    int errno = Native.getLastError();
    if (errno == 1 || errno == 13) {
      throw new IOException("no permission to read " + device + ": run the exporter as root or with CAP_SYSLOG"
          + " (systemd: AmbientCapabilities=CAP_SYSLOG), or set sysctl kernel.dmesg_restrict=0");
    }
    throw new IOException("cannot open " + device + ": " + errnoText(errno) + " (exporter.paths.kmsg)");
  }

  private static String errnoText(int errno) {
    return switch (errno) {
      case 2 -> "no such file";
      case 22 -> "invalid argument (is it a kernel log device or a file of records?)";
      default -> "errno " + errno;
    };
  }

  private static synchronized void register() {
    if (!registered) {
      Native.register(KmsgCollector.class, Platform.C_LIBRARY_NAME);
      registered = true;
    }
  }
}
