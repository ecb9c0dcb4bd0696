package io.hostkeeper.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The header deadline over sampled counters, with a fake clock in seconds (deadline 10 s). */
class HeaderWaitTest {
  private static final long S = 1_000_000_000L;

  /**
   * Each row: samples "requests/responses/bytesIn@second" separated by spaces, then whether the last
   * sample finds the connection overdue.
   */
  /**
   * Each row: samples "requests/responses/bytesIn@second" separated by spaces (the connection
   * opened at second 0), then whether the last sample finds the connection overdue.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // opened, never a byte: its first request is due within the deadline from the open
      "0/0/0@1 0/0/0@10                           | false",
      "0/0/0@1 0/0/0@11                           | true",
      // slowloris: bytes keep coming, headers never complete
      "0/0/1@1 0/0/5@5 0/0/10@10                  | false",
      "0/0/1@1 0/0/5@5 0/0/11@11                  | true",
      // a normal request: headers complete at once, handled, answered, then idle keep-alive
      "0/0/0@1 1/0/120@2 1/1/120@3 1/1/120@30     | false",
      // keep-alive idle for long, then a request that is read in time
      "1/1/120@1 1/1/120@40 1/1/240@41 2/1/240@42 | false",
      // keep-alive idle for long, then a slow one: counted from its first byte, not from the idle start
      "1/1/120@1 1/1/120@40 1/1/121@41 1/1/130@50 | false",
      "1/1/120@1 1/1/120@40 1/1/121@41 1/1/131@52 | true",
      // a long request being handled has no header deadline
      "1/0/120@1 1/0/120@100                      | false",
      // after a response the wait starts over
      "0/0/1@1 1/0/200@9 1/1/200@10 1/1/201@15 1/1/202@24 | false",
  })
  void samples(String samples, boolean overdue) {
    HeaderWait wait = new HeaderWait(10 * S, 0, 0, 0);
    boolean last = false;
    for (String sample : samples.trim().split("\\s+")) {
      String[] at = sample.split("@");
      String[] c = at[0].split("/");
      last = wait.overdue(Long.parseLong(c[0]), Long.parseLong(c[1]), Long.parseLong(c[2]), Long.parseLong(at[1]) * S);
    }
    assertEquals(overdue, last);
  }

  @ParameterizedTest
  @CsvSource({"0", "-1"})
  void aDeadlineMustBePositive(long deadline) {
    assertThrows(IllegalArgumentException.class, () -> new HeaderWait(deadline, 0, 0, 0));
  }
}
