package io.hostkeeper.exporter.collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parsing of {@code /proc/<pid>/mountinfo} into the mounts the filesystem collector reports. */
public final class MountInfo {
  private MountInfo() {}

  /** One mount: source device, mount point (unescaped), filesystem type, and whether it is read-only. */
  public record Mount(String device, String mountPoint, String fsType, boolean readOnly) {}

  /** Every mount in file order. Lines that do not have the documented shape are skipped. */
  public static List<Mount> parse(String mountinfo) {
    List<Mount> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 10) continue;
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (dash < 0 || dash + 2 >= f.length) continue;
      boolean ro = false;
      for (String opt : f[5].split(",")) if (opt.equals("ro")) ro = true;
      out.add(new Mount(unescape(f[dash + 2]), unescape(f[4]), f[dash + 1], ro));
    }
    return out;
  }

  /**
   * The mounts to report: pseudo filesystems and excluded mount points dropped, and where several
   * mounts share a mount point only the last (the one visible there, which statvfs reaches) kept.
   */
  public static List<Mount> select(List<Mount> mounts, Pattern mountPointsExclude, Pattern fsTypesExclude) {
    Map<String, Mount> byPoint = new LinkedHashMap<>();
    for (Mount m : mounts) {
      if (mountPointsExclude != null && mountPointsExclude.matcher(m.mountPoint()).find()) continue;
      if (fsTypesExclude != null && fsTypesExclude.matcher(m.fsType()).find()) continue;
      byPoint.remove(m.mountPoint());
      byPoint.put(m.mountPoint(), m);
    }
    return List.copyOf(byPoint.values());
  }

  /** mountinfo escapes space, tab, newline and backslash as three-digit octal ({@code \040}). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) return false;
    for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
    return true;
  }
}
