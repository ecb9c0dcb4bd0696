package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.List;

/** Allocated and maximum file handles from {@code /proc/sys/fs/file-nr}. */
public final class FilefdCollector implements Collector {
  private final HostRoots roots;

  public FilefdCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "filefd";
  }

  /** {@code {allocated, max}} from the three fields "allocated unused max". */
  public static double[] parse(String fileNr) {
    String[] f = Fields.split(fileNr);
    if (f.length < 3) throw new IllegalArgumentException("unexpected file-nr content: " + fileNr.trim());
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2])};
  }

  public static List<MetricSnapshot> snapshots(double[] fd) {
    return Families.list(
        Families.gauge("hostkeeper_file_descriptors_open", "File handles allocated by the kernel.", fd[0]),
        Families.gauge("hostkeeper_file_descriptors_max", "Maximum number of file handles (fs.file-max).", fd[1]));
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("sys/fs/file-nr"))));
  }
}
