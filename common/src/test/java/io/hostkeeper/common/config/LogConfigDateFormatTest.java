package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogConfigDateFormatTest {

  @ParameterizedTest
  @ValueSource(strings = {"yyyyMMdd", "yyyyMMdd-HHmmss", "yyyy-MM-dd_HH.mm.ss", "uuuuMMddHHmm", "yyyyMMdd-HHmmss.SSS"})
  void sortableFormatsAreAcceptedAndReallySort(String pattern) {
    assertNull(LogConfig.sortableDateFormatProblem(pattern));
    DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    List<String> names = new ArrayList<>();
    Instant t = Instant.parse("2009-12-31T23:59:58.999Z");
    for (int i = 0; i < 200; i++) {
      names.add(f.format(t));
      t = t.plusSeconds(37L * 3600 * 24 + 3671 * i);
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(names, sorted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ddMMyyyy", "yyyyddMM", "yyyyMMHH", "yyyy-M-d", "yyMMdd", "yyyyMMMdd", "yyyy/MM/dd", "yyyyMMdd hhmm", "yyyyMM", "yyyyMMdd'x'"})
  void unsortableFormatsAreRejectedWithAReason(String pattern) {
    assertNotNull(LogConfig.sortableDateFormatProblem(pattern), pattern);
  }
}
