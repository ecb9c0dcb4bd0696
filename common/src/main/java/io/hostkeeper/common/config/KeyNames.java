package io.hostkeeper.common.config;

import java.util.Collection;
import java.util.Locale;

/** Record component names to YAML keys, and "did you mean" hints for unknown keys. */
public final class KeyNames {
  private KeyNames() {}

  /** {@code maxStaleness} → {@code max_staleness}. */
  public static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) sb.append('_');
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The known key closest to {@code key}, or null when none is close enough to be a likely typo. */
  static String closest(String key, Collection<String> known) {
    String folded = fold(key);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      if (fold(k).equals(folded)) return k;
      int d = distance(key.toLowerCase(Locale.ROOT), k, bestDistance);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    int allowed = Math.max(2, Math.min(key.length(), best == null ? 0 : best.length()) / 3);
    return bestDistance <= allowed ? best : null;
  }

  private static String fold(String s) {
    return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance, giving up (returning a large value) once it exceeds {@code limit}. */
  private static int distance(String a, String b, int limit) {
    if (a.length() > 200 || Math.abs(a.length() - b.length()) > limit) return Integer.MAX_VALUE;
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
