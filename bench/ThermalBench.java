import io.hostkeeper.exporter.collector.ScrapeContext;
import io.hostkeeper.exporter.collector.ThermalCollector;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times ThermalCollector.collect on a sysfs tree: warm-up, then N collects; prints the median and
 * p90 in milliseconds. Run by bench/thermal.sh next to node_exporter's own hwmon+thermal_zone timing.
 */
public class ThermalBench {
  public static void main(String[] args) throws Exception {
    Path sysfs = Path.of(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    ThermalCollector c = new ThermalCollector(sysfs);
    for (int i = 0; i < 2000; i++) c.collect(new ScrapeContext(System.nanoTime() + 10_000_000_000L));
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      c.collect(new ScrapeContext(System.nanoTime() + 10_000_000_000L));
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("hostkeeper thermal collect: median %.3f ms, p90 %.3f ms (n=%d)%n", ms[n / 2], ms[n * 9 / 10], n);
  }
}
