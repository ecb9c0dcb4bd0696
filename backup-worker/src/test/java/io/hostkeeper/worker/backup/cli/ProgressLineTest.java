package io.hostkeeper.worker.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressLineTest {
  static final long S = 1_000_000_000L;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0          | 100        | 0     | '[                              ]   0%  0 B / 100 B  –'",
      "52428800   | 104857600  | 10    | '[###############               ]  50%  50.0 MiB / 100.0 MiB  5.0 MiB/s  ETA 0:10'",
      "104857600  | 104857600  | 20    | '[##############################] 100%  100.0 MiB / 100.0 MiB  5.0 MiB/s  ETA 0:00'",
      "3145728    | -1         | 3     | '3.0 MiB  1.0 MiB/s'",
      "1048576    | 8589934592 | 1     | '[                              ]   0%  1.0 MiB / 8.0 GiB  1.0 MiB/s  ETA 2:16:31'",
  })
  void renders(long done, long total, long seconds, String expected) {
    assertEquals(expected, ProgressLine.render(done, total, seconds * S));
  }
}
