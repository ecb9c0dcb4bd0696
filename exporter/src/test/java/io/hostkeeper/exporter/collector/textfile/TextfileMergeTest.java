package io.hostkeeper.exporter.collector.textfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.exporter.collector.service.Exposition;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextfileMergeTest {

  static TextfileMerge.FileFamilies file(String name, String text) throws Exception {
    return new TextfileMerge.FileFamilies(name, TextFormatParser.parse(text));
  }

  @Test
  void everyTypePrintsBackAsItWasWrittenAndSplitFamiliesMerge() throws Exception {
    TextfileMerge.Result r = TextfileMerge.merge(List.of(
        file("a.prom", """
            # HELP rows Rows.
            # TYPE rows gauge
            rows{t="a"} 1
            # TYPE done_total counter
            done_total 3
            # TYPE odd counter
            odd 4
            bare 5
            """),
        file("b.prom", """
            # TYPE rows gauge
            rows{t="b"} 2
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 3
            h_sum 7.5
            h_count 3
            # TYPE s summary
            s{quantile="0.9"} 2
            s_sum 10
            s_count 4
            """)), 100);
    assertEquals(List.of(), r.problems());
    assertEquals(12, r.series());
    assertEquals("""
        # HELP bare Metric read from a.prom
        # TYPE bare untyped
        bare 5.0
        # HELP done_total Metric read from a.prom
        # TYPE done_total counter
        done_total 3.0
        # HELP h Metric read from b.prom
        # TYPE h histogram
        h_bucket{le="1.0"} 1
        h_bucket{le="+Inf"} 3
        h_count 3
        h_sum 7.5
        # HELP odd Metric read from a.prom
        # TYPE odd untyped
        odd 4.0
        # HELP rows Rows.
        # TYPE rows gauge
        rows{t="a"} 1.0
        rows{t="b"} 2.0
        # HELP s Metric read from b.prom
        # TYPE s summary
        s{quantile="0.9"} 2.0
        s_count 4
        s_sum 10.0
        """, Exposition.text(r.snapshots()));
  }

  @Test
  void conflictsAndBuiltInNamesAreReportedByFamilyAndTheRestGoesOut() throws Exception {
    TextfileMerge.Result r = TextfileMerge.merge(List.of(
        file("a.prom", "# HELP x First.\n# TYPE x gauge\nx{k=\"1\"} 1\ny 1\n"),
        file("b.prom", "# TYPE x counter\nx{k=\"2\"} 2\nhostkeeper_cpus 64\nz 1\n"),
        file("c.prom", "# HELP x Second.\n# TYPE x gauge\nx{k=\"3\"} 3\n"),
        file("d.prom", "y 2\nw 1\n")), 100);
    assertEquals(List.of("x conflicting_type", "hostkeeper_cpus builtin_collision", "x conflicting_help", "y duplicate_series"),
        r.problems().stream().map(p -> p.family() + " " + p.reason()).toList());
    assertEquals(List.of("x", "y", "z", "w"), r.snapshots().stream().map(s -> s.getMetadata().getName()).toList());
    assertEquals(1, r.snapshots().get(0).getDataPoints().size());
    assertEquals("b.prom: TYPE of x is counter where an earlier file says gauge; this file's part is left out",
        r.problems().get(0).detail());
  }

  @Test
  void aFileThatWouldPassTheSeriesLimitIsSkippedWhole() throws Exception {
    TextfileMerge.Result r = TextfileMerge.merge(List.of(
        file("a.prom", "a 1\nb 1\n"), file("big.prom", "c 1\nd 1\ne 1\n"), file("small.prom", "f 1\n")), 3);
    assertEquals(List.of("big.prom"), r.overLimit());
    assertEquals(List.of("a", "b", "f"), r.snapshots().stream().map(s -> s.getMetadata().getName()).toList());
  }

  @Test
  void familiesTheModelCannotCarryAreRefusedByName() throws Exception {
    TextfileMerge.Result r = TextfileMerge.merge(List.of(file("a.prom", """
        # TYPE g_total gauge
        g_total 1
        # TYPE h histogram
        h_bucket{le="1"} 2
        h_bucket{le="+Inf"} 1
        # TYPE n_total counter
        n_total -1
        ok 1
        """)), 100);
    assertEquals(List.of("h unsupported", "n_total unsupported"),
        r.problems().stream().map(p -> p.family() + " " + p.reason()).toList());
    assertEquals(List.of("g_total", "ok"), r.snapshots().stream().map(s -> s.getMetadata().getName()).toList());
  }
}
