import io.hostkeeper.exporter.status.history.History;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Memory held by a full day of status-page history: live heap bytes (jcmd's class histogram, after
 * a full GC) before and after making histories fed 48 h of one-a-minute samples (2,880 rounds, so
 * every ring has wrapped) of all 7 host series and the maximum 16 disks. Ten histories are made
 * first (class loading and compilation settle), then twenty more; the difference over twenty is one
 * history's figure. Usage: see bench/status-history.sh.
 */
public class StatusHistoryBench {
  public static void main(String[] args) throws Exception {
    History[] kept = new History[30];
    for (int i = 0; i < 10; i++) kept[i] = fullDay(); // loads and compiles everything first
    long before = liveBytes();
    for (int i = 10; i < kept.length; i++) kept[i] = fullDay();
    long after = liveBytes();
    History h = kept[kept.length - 1];
    System.out.printf("series %d, samples held %d (capacity %d a series)%n", h.series().size(), h.samplesHeld(), h.capacityPerSeries());
    System.out.printf("heap held by one history of 24 h: %.1f KiB (20 more histories: %d bytes)%n",
        (after - before) / 20 / 1024.0, after - before);
    if (kept[0].samplesHeld() != h.samplesHeld()) throw new AssertionError("every history is full");
  }

  private static History fullDay() {
    History h = History.forDay(Duration.ofSeconds(60));
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Map<String, Double> values = new HashMap<>();
    for (String s : new String[] {"cpu", "memory", "swap", "load1", "temperature", "net_rx", "net_tx"}) values.put(s, 1.0);
    for (int d = 0; d < History.MAX_DISKS; d++) values.put("disk:/mnt/disk" + d, 50.0);
    for (int i = 0; i < 2880; i++) {
      values.put("cpu", (double) (i % 100));
      h.record(t.plusSeconds(60L * i), values);
    }
    return h;
  }

  /** Bytes of live objects: the total of {@code jcmd PID GC.class_histogram}, which runs a full GC first. */
  private static long liveBytes() throws Exception {
    Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("jcmd failed: " + out);
    return out.lines().filter(l -> l.startsWith("Total")).map(l -> l.trim().split("\\s+"))
        .mapToLong(f -> Long.parseLong(f[2])).findFirst().orElseThrow(() -> new IllegalStateException("no total in: " + out));
  }
}
