package io.hostkeeper.exporter.collector.textfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextFormatParserTest {

  @Test
  void readsFamiliesWithTypeHelpLabelsAndEscapes() throws Exception {
    List<ParsedFamily> f = TextFormatParser.parse("""
        # HELP app_rows Rows in a table \\\\ with a\\nnewline.
        # TYPE app_rows gauge
        app_rows{table="users",note="say \\"hi\\"\\n"} 42
        app_rows{table="orders"} 1.5e3

        # just a comment
        plain_total -Inf
        other NaN
        """);
    assertEquals(3, f.size());
    assertEquals("app_rows", f.get(0).name());
    assertEquals("gauge", f.get(0).type());
    assertEquals("Rows in a table \\ with a\nnewline.", f.get(0).help());
    assertEquals(Map.of("table", "users", "note", "say \"hi\"\n"), f.get(0).samples().get(0).labels());
    assertEquals(1500.0, f.get(0).samples().get(1).value());
    assertEquals("untyped", f.get(1).type());
    assertEquals(Double.NEGATIVE_INFINITY, f.get(1).samples().get(0).value());
    assertTrue(Double.isNaN(f.get(2).samples().get(0).value()));
  }

  @Test
  void histogramAndSummarySamplesBelongToTheirFamily() throws Exception {
    List<ParsedFamily> f = TextFormatParser.parse("""
        # TYPE d histogram
        d_bucket{le="1"} 1
        d_bucket{le="+Inf"} 2
        d_sum 3
        d_count 2
        # TYPE s summary
        s{quantile="0.5"} 1
        s_sum 4
        s_count 3
        """);
    assertEquals(List.of("d", "s"), f.stream().map(ParsedFamily::name).toList());
    assertEquals(4, f.get(0).samples().size());
    assertEquals(3, f.get(1).samples().size());
  }

  @Test
  void crlfLineEndingsAndTrailingSpaceAreAccepted() throws Exception {
    assertEquals(2.0, TextFormatParser.parse("a 2 \r\n").get(0).samples().get(0).value());
  }

  @Test
  void typeWithoutSamplesExportsNothing() throws Exception {
    assertEquals(List.of(), TextFormatParser.parse("# TYPE lonely gauge\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unterminated label value        | a{x="1} 2                                   | line 1: unterminated value of label x
      no value                        | a{x="1"}                                    | line 1: no value for a
      bad value                       | a 12abc                                     | line 1: invalid value "12abc"
      client timestamp                | a 1 1700000000000                           | line 1: client-side timestamps are not supported
      unknown type                    | # TYPE a meter\\na 1                        | line 1: unknown type "meter"
      type after samples              | a 1\\n# TYPE a gauge                        | line 2: TYPE for a after its samples
      second type                     | # TYPE a gauge\\n# TYPE a gauge\\na 1       | line 2: second TYPE for a
      samples apart                   | a 1\\nb 2\\na{x="y"} 3                      | line 3: samples of a are not together
      duplicate series                | a{x="1",y="2"} 1\\na{y="2",x="1"} 2         | line 2: duplicate series
      invalid escape                  | a{x="\\q"} 1                                | line 1: invalid escape \\q
      reserved label                  | a{__name__="b"} 1                           | line 1: label name __name__ is reserved
      label twice                     | a{x="1",x="2"} 1                            | line 1: label x twice
      histogram without le            | # TYPE h histogram\\nh_bucket 1             | line 2: h_bucket without an le label
      histogram bare sample           | # TYPE h histogram\\nh 1                    | line 2: histogram h needs _bucket
      summary sample without quantile | # TYPE s summary\\ns 1                      | line 2: summary s sample without a quantile label
      missing space                   | a{x="1"}1                                   | line 1: expected a space after a
      invalid metric name in TYPE     | # TYPE 1a gauge                             | line 1: invalid metric name "1a"
      garbage                         | {} 1                                        | line 1: expected a metric name
      """)
  void refusesWithTheLineAndTheReason(String what, String text, String message) {
    TextFormatParser.ParseException e = assertThrows(TextFormatParser.ParseException.class,
        () -> TextFormatParser.parse(text.replace("\\n", "\n")));
    assertTrue(e.getMessage().startsWith(message), what + ": " + e.getMessage());
  }
}
