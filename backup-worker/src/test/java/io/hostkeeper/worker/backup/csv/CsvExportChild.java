package io.hostkeeper.worker.backup.csv;

import io.hostkeeper.common.config.CsvExportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A child JVM (started with a small heap) that exports a query of {@code rows} rows of about 200
 * bytes each from {@code db}, and prints {@code BYTES n} with the size of the CSV it produced.
 * Args: db scratchDir rows.
 */
public final class CsvExportChild {
  private CsvExportChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    String sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + Long.parseLong(args[2]) + ")"
        + " SELECT i, printf('%0200d', i) AS padded FROM n";
    var config = new CsvExportConfig(false, List.of(), Map.of("big", sql));
    long[] size = new long[1];
    new SqliteCsvExport(db, config, Path.of(args[1])).export(db, "db", new SqliteCsvExport.Sink() {
      @Override
      public void directory(String name) {}

      @Override
      public void file(String name, Path csv) throws java.io.IOException {
        size[0] += Files.size(csv);
      }
    });
    System.out.println("BYTES " + size[0]);
  }
}
