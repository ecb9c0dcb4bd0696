package io.hostkeeper.exporter.collector.mdraid;

import io.hostkeeper.exporter.collector.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arrays of {@code /proc/mdstat}. Pure. Per array: whether it is active, what it is doing
 * (resync, recovery, check, reshape), its disks (required, active, failed, spare), its size and how
 * much of it is in sync. Sizes in mdstat are 1 KiB blocks.
 */
public final class Mdstat {
  private static final Pattern STATUS = Pattern.compile("\\[(\\d+)/(\\d+)]\\s+\\[([U_]+)]");
  private static final Pattern PROGRESS = Pattern.compile("\\((\\d+)/(\\d+)\\)");

  private Mdstat() {}

  /**
   * One array.
   *
   * @param activity {@code active}, {@code inactive}, {@code recovering}, {@code resync}, {@code check} or {@code reshape}
   * @param required disks the array is made of (0 for an inactive one); -1 when the status line did not say
   * @param active disks in use; -1 when the status line did not say
   * @param down disks missing from a redundant array ({@code _} in {@code [U_]})
   * @param blocks size in 1 KiB blocks
   * @param blocksSynced blocks in sync: all of them unless a sync runs (0 while it is PENDING or DELAYED)
   */
  public record Array(String device, String activity, long required, long active, long down, long failed, long spare,
      long blocks, long blocksSynced) {}

  public static List<Array> parse(String text) {
    List<Array> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String[] f = Fields.split(line);
      if (f.length < 3 || !f[1].equals(":") || !f[0].startsWith("md")) continue;
      if (i + 1 >= lines.length) break;
      String status = lines[i + 1];
      String[] sf = Fields.split(status);
      if (sf.length == 0) continue;
      long blocks;
      try {
        blocks = Long.parseLong(sf[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      String state = f[2];
      long failed = count(line, "(F)");
      long spare = count(line, "(S)");
      long required;
      long active;
      long down = 0;
      if (line.contains("raid0") || line.contains("linear")) {
        required = count(line, "[");
        active = required;
      } else if (state.equals("inactive")) {
        required = 0;
        active = 0;
      } else {
        Matcher m = STATUS.matcher(status);
        if (m.find()) {
          required = Long.parseLong(m.group(1));
          active = Long.parseLong(m.group(2));
          down = count(m.group(3), "_");
        } else {
          required = -1;
          active = -1;
        }
      }
      String activity = state.equals("inactive") ? "inactive" : "active";
      long synced = blocks;
      int syncLine = i + 2;
      if (syncLine < lines.length && lines[syncLine].contains("bitmap")) syncLine++;
      if (syncLine < lines.length) {
        String s = lines[syncLine];
        String[] sl = Fields.split(s);
        boolean nextArray = sl.length > 1 && sl[1].equals(":");
        if (!nextArray) {
          String kind = s.contains("recovery") ? "recovering" : s.contains("check") ? "check"
              : s.contains("reshape") ? "reshape" : s.contains("resync") ? "resync" : null;
          if (kind != null) {
            activity = kind;
            if (s.contains("PENDING") || s.contains("DELAYED")) {
              synced = 0;
            } else {
              Matcher m = PROGRESS.matcher(s);
              if (m.find()) synced = Long.parseLong(m.group(1));
            }
          }
        }
      }
      out.add(new Array(f[0], activity, required, active, down, failed, spare, blocks, synced));
    }
    return out;
  }

  private static long count(String s, String what) {
    long n = 0;
    for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + what.length())) n++;
    return n;
  }
}
