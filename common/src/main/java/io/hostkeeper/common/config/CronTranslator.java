package io.hostkeeper.common.config;

import java.util.Locale;
import java.util.TreeSet;

/**
 * Translates a standard 5-field cron ({@code minute hour day-of-month month day-of-week}) into the
 * equivalent Quartz expression. Day-of-week numbering differs (cron: 0 or 7 = Sunday, 1 = Monday;
 * Quartz: 1 = Sunday), so the field is expanded and written with day names. Quartz needs {@code ?}
 * in one of the two day fields; standard cron fires when <em>either</em> restricted day field
 * matches, which Quartz cannot express, so restricting both is an error.
 */
final class CronTranslator {
  private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private CronTranslator() {}

  /** @throws IllegalArgumentException saying what is wrong */
  static String toQuartz(String[] f) {
    String dom = f[2].equals("?") ? "*" : f[2];
    String dow = f[4].equals("?") ? "*" : f[4];
    boolean domAny = dom.equals("*");
    boolean dowAny = dow.equals("*");
    if (!domAny && !dowAny) {
      throw new IllegalArgumentException("a 5-field cron cannot restrict both day-of-month (" + dom + ") and day-of-week (" + dow
          + "); in standard cron that means either day, which is ambiguous: set one of them to *");
    }
    String quartzDom = dowAny ? dom : "?";
    String quartzDow = dowAny ? "?" : dayOfWeek(dow);
    return "0 " + f[0] + " " + f[1] + " " + quartzDom + " " + f[3] + " " + quartzDow;
  }

  /** Expands a cron day-of-week field (numbers 0-7, names, lists, ranges, steps) to Quartz day names. */
  static String dayOfWeek(String field) {
    TreeSet<Integer> days = new TreeSet<>();
    for (String part : field.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), field);
        if (step < 1) throw badDow(field);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = 0;
        hi = 6;
      } else {
        int dash = range.indexOf('-');
        if (dash >= 0) {
          lo = day(range.substring(0, dash), field);
          hi = day(range.substring(dash + 1), field);
          if (hi == 0 && lo > 0) hi = 7; // "5-0": Friday to Sunday
        } else {
          lo = day(range, field);
          hi = slash >= 0 ? 6 : lo;
        }
        if (lo > hi) throw new IllegalArgumentException("day-of-week range " + range + " runs backwards; write it in order, e.g. 1-5");
      }
      for (int d = lo; d <= hi; d += step) days.add(d % 7);
    }
    StringBuilder sb = new StringBuilder();
    for (int d : days) {
      if (sb.length() > 0) sb.append(',');
      sb.append(DAY_NAMES[d]);
    }
    return sb.toString();
  }

  private static int day(String token, String field) {
    String t = token.toUpperCase(Locale.ROOT);
    for (int i = 0; i < DAY_NAMES.length; i++) {
      if (DAY_NAMES[i].equals(t)) return i;
    }
    int n = number(token, field);
    if (n > 7) throw badDow(field);
    return n;
  }

  private static int number(String token, String field) {
    if (!token.matches("\\d{1,2}")) throw badDow(field);
    return Integer.parseInt(token);
  }

  private static IllegalArgumentException badDow(String field) {
    return new IllegalArgumentException("invalid day-of-week \"" + field + "\": use 0-7 (0 and 7 are Sunday) or SUN-SAT, with lists, ranges and steps such as 1-5 or */2");
  }
}
