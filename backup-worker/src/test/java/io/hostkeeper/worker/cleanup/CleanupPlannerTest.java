package io.hostkeeper.worker.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.worker.cleanup.CleanupEntry.Kind;
import io.hostkeeper.worker.cleanup.CleanupPlanner.Plan;
import io.hostkeeper.worker.cleanup.CleanupPlanner.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The selection as a table: a listing and a policy in, the deletions (in order) out. */
class CleanupPlannerTest {
  static final Instant CUTOFF = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant OLD = CUTOFF.minusSeconds(86_400);
  static final Instant OLDER = CUTOFF.minusSeconds(2 * 86_400);
  static final Instant NEW = CUTOFF.plusSeconds(60);
  static int keys;

  /** "path kind age [flags]"; flags: open, dev (other device), unsel (not selected), partial (dir listed incompletely). */
  static CleanupEntry e(String spec) {
    String[] f = spec.split(" ");
    List<String> flags = Arrays.asList(f).subList(3, f.length);
    Instant t = switch (f[2]) {
      case "old" -> OLD;
      case "older" -> OLDER;
      default -> NEW;
    };
    return new CleanupEntry(List.of(f[0].split("/")), Kind.valueOf(f[1]), f[1].equals("DIR") ? 0 : 100, t, "key" + keys++,
        !flags.contains("dev"), flags.contains("open"), !flags.contains("unsel"), !flags.contains("partial"));
  }

  static List<String> plan(Policy policy, String... specs) {
    List<CleanupEntry> entries = new ArrayList<>();
    for (String s : specs) entries.add(e(s));
    return CleanupPlanner.plan(entries, policy).deletions().stream().map(CleanupEntry::relative).toList();
  }

  static Policy all() {
    return new Policy(CUTOFF, Integer.MAX_VALUE, -1);
  }

  record Row(String why, Policy policy, List<String> entries, List<String> expected) {}

  @Test
  void table() {
    List<Row> rows = List.of(
        new Row("old files go, new stay", all(), List.of("a FILE old", "b FILE new"), List.of("a")),
        new Row("oldest first", all(), List.of("a FILE old", "b FILE older"), List.of("b", "a")),
        new Row("an old link goes (the link, not its target)", all(), List.of("l LINK old"), List.of("l")),
        new Row("FIFOs, sockets and devices never", all(), List.of("p OTHER old"), List.of()),
        new Row("open files stay", all(), List.of("a FILE old open"), List.of()),
        new Row("another file system stays", all(), List.of("m DIR old dev", "f FILE old dev"), List.of()),
        new Row("unselected entries stay", all(), List.of("x FILE old unsel"), List.of()),
        new Row("an emptied old directory goes after its files", all(),
            List.of("d DIR old", "d/a FILE old", "d/e DIR old", "d/e/b FILE older"), List.of("d/e/b", "d/a", "d/e", "d")),
        new Row("a directory with a new file stays", all(), List.of("d DIR old", "d/a FILE old", "d/n FILE new"), List.of("d/a")),
        new Row("a directory with a FIFO stays", all(), List.of("d DIR old", "d/p OTHER old"), List.of()),
        new Row("a directory with an open file stays", all(), List.of("d DIR old", "d/a FILE old open"), List.of()),
        new Row("a new empty directory stays", all(), List.of("d DIR new"), List.of()),
        new Row("an old empty directory goes", all(), List.of("d DIR old"), List.of("d")),
        new Row("a directory not listed completely stays", all(), List.of("d DIR old partial", "d/a FILE old"), List.of("d/a")),
        new Row("a directory holding a mount point stays", all(), List.of("d DIR old", "d/m DIR old dev"), List.of()),
        new Row("max_deletions: the oldest", new Policy(CUTOFF, 2, -1), List.of("a FILE old", "b FILE older", "c FILE older"), List.of("b", "c")),
        new Row("max_deletions counts directories", new Policy(CUTOFF, 2, -1), List.of("d DIR old", "d/a FILE old", "e FILE old"), List.of("d/a", "e")),
        new Row("min_free: stop once enough bytes", new Policy(CUTOFF, Integer.MAX_VALUE, 150), List.of("a FILE old", "b FILE older", "c FILE older"), List.of("b", "c")),
        new Row("min_free: an emptied directory still goes", new Policy(CUTOFF, Integer.MAX_VALUE, 50), List.of("d DIR old", "d/a FILE old", "e DIR old"), List.of("d/a", "d")),
        new Row("nothing old: nothing", all(), List.of("a FILE new", "d DIR new"), List.of()));
    for (Row r : rows) {
      keys = 0;
      assertEquals(r.expected(), plan(r.policy(), r.entries().toArray(String[]::new)), r.why());
    }
  }

  @Test
  void bytesKeptReasonsAndLimits() {
    List<CleanupEntry> entries = List.of(e("a FILE old"), e("b FILE older"), e("c FILE new"), e("d FILE old open"), e("p OTHER old"));
    Plan p = CleanupPlanner.plan(entries, new Policy(CUTOFF, 1, -1));
    assertEquals(List.of("b"), p.deletions().stream().map(CleanupEntry::relative).toList());
    assertEquals(100, p.bytes());
    assertEquals(1, p.limited());
    assertEquals(Map.of("newer than older_than", 1, "open by a process", 1, "not a file, link or directory", 1), p.kept());
  }
}
