package io.hostkeeper.worker.backup.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 fields for each kind of SQL value. */
class CsvRowWriterTest {
  static String row(Object... values) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CsvRowWriter w = new CsvRowWriter(out)) {
      for (Object v : values) w.value(v);
      w.endRow();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  record Case(Object value, String field) {}

  @Test
  void fields() throws Exception {
    List<Case> cases = Arrays.asList(
        new Case(null, ""),
        new Case("", "\"\""),
        new Case("plain", "plain"),
        new Case("a,b", "\"a,b\""),
        new Case("say \"hi\"", "\"say \"\"hi\"\"\""),
        new Case("\"", "\"\"\"\""),
        new Case("line\nbreak", "\"line\nbreak\""),
        new Case("cr\rlf\r\n", "\"cr\rlf\r\n\""),
        new Case(" spaced ", " spaced "),
        new Case("tab\there", "tab\there"),
        new Case("ünï 日本 🎉", "ünï 日本 🎉"),
        new Case(42, "42"),
        new Case(-9007199254740993L, "-9007199254740993"),
        new Case(1.5, "1.5"),
        new Case(1e300, "1.0E300"),
        new Case(new byte[0], "\\x"),
        new Case(new byte[] {0, (byte) 0xff, 0x10, 0x5c}, "\\x00ff105c"));
    for (Case c : cases) {
      assertEquals(c.field() + "\r\n", row(c.value()), String.valueOf(c.value()));
    }
  }

  @Test
  void aRowSeparatesFieldsWithCommasAndEndsWithCrLf() throws Exception {
    assertEquals("1,,\"\",x\r\n", row(1, null, "", "x"));
    assertEquals(",\r\n", row(null, null), "two NULLs are two empty fields");
  }

  @Test
  void theBytesAreUtf8WithoutAByteOrderMark() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CsvRowWriter w = new CsvRowWriter(out)) {
      w.value("é");
      w.endRow();
    }
    assertEquals(List.of((byte) 0xc3, (byte) 0xa9, (byte) '\r', (byte) '\n'),
        List.of(out.toByteArray()[0], out.toByteArray()[1], out.toByteArray()[2], out.toByteArray()[3]));
    assertEquals(4, out.size());
  }
}
