package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.service.Exposition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kmsg record parser (tables) and the collector on a fixture file of records. */
class KmsgCollectorTest {
  static final Path FIXTURE = TestConfigs.fixture("kmsg").procfs().resolveSibling("kmsg");

  static ScrapeContext ctx() {
    return new ScrapeContext(System.nanoTime() + Duration.ofSeconds(20).toNanos());
  }

  @ParameterizedTest(name = "{0} -> level {1}, seq {2}")
  @CsvSource(delimiter = '|', value = {
      "6,0,0,-;Linux version 6.1.0|6|0",
      "3,1234,2301442,-;nvme nvme0: I/O timeout|3|1234",
      "11,5,3003000,-;systemd[1]: Failed to mount /mnt/backup.|3|5",   // facility 1 (user), level err
      "12,7,5005000,c;audit: type=1400|4|7",                           // facility 1, warning, continuation flag
      "0,9,7007000,-;Kernel panic|0|9",
      "30,18446744,1,+;daemon message|6|18446744",                   // facility 3, info
      "4,2,112233,-,caller=T1;with a caller field|4|2",               // newer kernels add fields after FLAGS
      "3,3,1,-;message; with; semicolons|3|3"})
  void parsesRecordHeaders(String line, int level, long seq) {
    assertEquals(new KmsgCollector.Record(level, seq), KmsgCollector.parseRecord(line));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "' SUBSYSTEM=nvme'", "' DEVICE=c259:0'", "'no header here'", "'x,1,2,-;bad prio'", "'3,1;too few fields'",
      "'-1,1,2,-;negative'", "''"})
  void rejectsWhatIsNotARecordHeader(String line) {
    assertNull(KmsgCollector.parseRecord(line));
  }

  @Test
  void countsBySeverityOnlyPastTheLastSequenceAndCountsGapsAsLost() {
    List<KmsgCollector.Record> records = List.of(new KmsgCollector.Record(3, 10), new KmsgCollector.Record(4, 11),
        new KmsgCollector.Record(6, 12), new KmsgCollector.Record(3, 16), new KmsgCollector.Record(0, 17));
    long[] counts = new long[5];
    long[] lost = {0};
    assertEquals(17, KmsgCollector.count(records, 10, counts, lost));
    assertArrayEquals(new long[] {1, 0, 0, 1, 1}, counts, "record 10 was counted before; info is not a counted level");
    assertEquals(3, lost[0], "13, 14 and 15 were overwritten before they were read");
    assertEquals(17, KmsgCollector.count(records, 17, counts, lost), "nothing new");
    assertArrayEquals(new long[] {1, 0, 0, 1, 1}, counts);
  }

  @Test
  void firstReadCountsNoGapBeforeTheOldestRecordInTheBuffer() {
    long[] counts = new long[5];
    long[] lost = {0};
    KmsgCollector.count(List.of(new KmsgCollector.Record(3, 5000)), -1, counts, lost);
    assertEquals(0, lost[0], "records before the buffer's oldest one were never ours to count");
  }

  @Test
  void fixtureRecordsCountedByPriorityAndNewRecordsAddedOnTheNextScrape(@TempDir Path dir) throws Exception {
    Path kmsg = dir.resolve("kmsg");
    Files.copy(FIXTURE, kmsg);
    KmsgCollector c = new KmsgCollector(kmsg);
    String first = Exposition.text(c.collect(ctx()));
    assertTrue(first.contains("hostkeeper_kernel_log_messages_total{priority=\"emerg\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_kernel_log_messages_total{priority=\"alert\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_kernel_log_messages_total{priority=\"crit\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_kernel_log_messages_total{priority=\"err\"} 3.0"), first);
    assertTrue(first.contains("hostkeeper_kernel_log_messages_total{priority=\"warning\"} 2.0"), first);
    assertTrue(first.contains("hostkeeper_kernel_log_messages_lost_total 0.0"), first);

    // a new err record, then half of a record whose end arrives later, then a jump in sequence numbers
    Files.writeString(kmsg, "3,12,9009000,-;ata1: link is slow to respond\n4,13,90", StandardOpenOption.APPEND);
    String second = Exposition.text(c.collect(ctx()));
    assertTrue(second.contains("priority=\"err\"} 4.0"), second);
    assertTrue(second.contains("priority=\"warning\"} 2.0"), "the incomplete line waits: " + second);
    Files.writeString(kmsg, "10000,-;thermal throttling\n2,20,9100000,-;after a wrap\n", StandardOpenOption.APPEND);
    String third = Exposition.text(c.collect(ctx()));
    assertTrue(third.contains("priority=\"warning\"} 3.0"), third);
    assertTrue(third.contains("priority=\"crit\"} 2.0"), third);
    assertTrue(third.contains("hostkeeper_kernel_log_messages_lost_total 6.0"), "14..19 lost: " + third);
  }

  @Test
  void aMissingDeviceFailsWithItsPathAndTheKey(@TempDir Path dir) {
    KmsgCollector c = new KmsgCollector(dir.resolve("no-kmsg"));
    IOException e = assertThrows(IOException.class, () -> c.collect(ctx()));
    assertTrue(e.getMessage().contains("no-kmsg") && e.getMessage().contains("exporter.paths.kmsg"), e.getMessage());
  }
}
