package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/**
 * Random 5-field crons: the fire times of the translated Quartz expression must equal those of a
 * naive crontab matcher (minute by minute), which checks day-of-week renumbering, ranges, steps,
 * names and the "?" rule.
 */
class CronEquivalenceTest {
  static final String[] DOW = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

  @Test
  void translatedCronsFireWhenCrontabWould() throws ParseException {
    Random r = new Random(7);
    ZonedDateTime start = ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int n = 0; n < 300; n++) {
      boolean restrictDow = r.nextBoolean();
      String[] f = {
          field(r, 0, 59, null, 0.3), field(r, 0, 23, null, 0.3),
          restrictDow ? "*" : field(r, 1, 31, null, 0.5), field(r, 1, 12, r.nextInt(4) == 0 ? MONTHS : null, 0.6),
          restrictDow ? field(r, 0, 7, r.nextInt(3) == 0 ? DOW : null, 0.0) : "*"};
      String cron = String.join(" ", f);
      Schedule s = Schedule.parse(cron);
      CronExpression quartz = new CronExpression(s.quartzCron());
      quartz.setTimeZone(TimeZone.getTimeZone("UTC"));
      List<Instant> expected = reference(f, start, 12);
      List<Instant> actual = new ArrayList<>();
      Date t = Date.from(start.toInstant().minusSeconds(1));
      for (int i = 0; i < expected.size(); i++) {
        t = quartz.getNextValidTimeAfter(t);
        actual.add(t.toInstant());
      }
      assertEquals(expected, actual, cron + " -> " + s.quartzCron());
    }
  }

  /** A crontab field: *, a value, a range, a list, or a step, with names when given. */
  static String field(Random r, int min, int max, String[] names, double star) {
    if (r.nextDouble() < star) return r.nextBoolean() ? "*" : "*/" + (1 + r.nextInt(Math.max(1, (max - min) / 2)));
    List<String> parts = new ArrayList<>();
    for (int k = 0, count = 1 + r.nextInt(3); k < count; k++) {
      int a = min + r.nextInt(max - min + 1);
      int b = a + r.nextInt(max - a + 1);
      String pa = name(a, min, names);
      String pb = name(b, min, names);
      parts.add(switch (r.nextInt(4)) {
        case 0 -> pa;
        case 1 -> pa + "-" + pb;
        case 2 -> pa + "-" + pb + "/" + (1 + r.nextInt(3));
        default -> String.valueOf(a);
      });
    }
    return String.join(",", parts);
  }

  private static String name(int v, int min, String[] names) {
    if (names == null || v - min >= names.length) return String.valueOf(v);
    return names[v - min].toUpperCase(Locale.ROOT).substring(0, 1) + names[v - min].substring(1);
  }

  /** The first {@code count} matching minutes, scanning at most two years. */
  static List<Instant> reference(String[] f, ZonedDateTime start, int count) {
    BitSet minute = parse(f[0], 0, 59, null);
    BitSet hour = parse(f[1], 0, 23, null);
    BitSet dom = parse(f[2], 1, 31, null);
    BitSet month = parse(f[3], 1, 12, MONTHS);
    BitSet dow = parse(f[4], 0, 7, DOW);
    if (dow.get(7)) dow.set(0);
    List<Instant> out = new ArrayList<>();
    ZonedDateTime end = start.plusYears(2);
    for (ZonedDateTime t = start; out.size() < count && t.isBefore(end); ) {
      if (!month.get(t.getMonthValue()) || !dom.get(t.getDayOfMonth()) || !dow.get(t.getDayOfWeek().getValue() % 7)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        continue;
      }
      if (hour.get(t.getHour()) && minute.get(t.getMinute())) out.add(t.toInstant());
      t = t.plusMinutes(1);
    }
    return out;
  }

  static BitSet parse(String field, int min, int max, String[] names) {
    BitSet set = new BitSet();
    for (String part : field.split(",")) {
      String range = part;
      int step = 1;
      if (part.contains("/")) {
        range = part.substring(0, part.indexOf('/'));
        step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        lo = value(range.substring(0, range.indexOf('-')), min, names);
        hi = value(range.substring(range.indexOf('-') + 1), min, names);
      } else {
        lo = value(range, min, names);
        hi = part.contains("/") ? max : lo;
      }
      for (int v = lo; v <= hi; v += step) set.set(v);
    }
    return set;
  }

  private static int value(String token, int min, String[] names) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) if (names[i].equalsIgnoreCase(token)) return min + i;
    }
    return Integer.parseInt(token);
  }
}
