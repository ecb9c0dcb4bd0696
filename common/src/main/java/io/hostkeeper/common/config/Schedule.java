package io.hostkeeper.common.config;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a job runs. Written as a 5-field cron ({@code "0 2 * * *"}), a Quartz cron (6 or 7 fields),
 * a macro ({@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}), a fixed interval
 * ({@code @every 15s}) or {@code disabled}. Macros and 5-field crons are translated to Quartz cron, so
 * both jars validate and run the same expression.
 *
 * @param expression the text as the user wrote it
 * @param quartzCron the equivalent Quartz cron expression; null for intervals and when disabled
 * @param every the fixed interval of an {@code @every} schedule; null otherwise
 */
public record Schedule(String expression, String quartzCron, Duration every) {

  public static final Schedule DISABLED = new Schedule("disabled", null, null);

  public static Schedule every(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    return new Schedule("@every " + Durations.format(interval), null, interval);
  }

  public boolean disabled() {
    return quartzCron == null && every == null;
  }

  /**
   * Parses and validates a schedule.
   *
   * @throws IllegalArgumentException with a message saying what is allowed
   */
  public static Schedule parse(String text) {
    String s = text.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("disabled")) return DISABLED;
    if (lower.startsWith("@every")) {
      String interval = s.substring("@every".length()).trim();
      Duration d;
      try {
        d = Durations.parse(interval);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("@every needs an interval such as \"@every 15s\" or \"@every 5m\", got " + Texts.quote(text));
      }
      if (d.isZero()) throw new IllegalArgumentException("@every needs an interval greater than zero, got " + Texts.quote(text));
      if (d.compareTo(MIN_EVERY) < 0) {
        throw new IllegalArgumentException("@every needs an interval of at least " + Durations.format(MIN_EVERY)
            + " (a job is not meant to start many times a second), got " + Texts.quote(text));
      }
      return new Schedule("@every " + interval, null, d);
    }
    if (s.startsWith("@")) {
      String quartz = switch (lower) {
        case "@hourly" -> "0 0 * * * ?";
        case "@daily", "@midnight" -> "0 0 0 * * ?";
        case "@weekly" -> "0 0 0 ? * SUN";
        case "@monthly" -> "0 0 0 1 * ?";
        case "@yearly", "@annually" -> "0 0 0 1 1 ?";
        default -> throw new IllegalArgumentException("unknown schedule macro " + Texts.quote(text)
            + "; use @hourly, @daily, @weekly, @monthly, @yearly or \"@every 15m\"");
      };
      return new Schedule(s, quartz, null);
    }
    String[] fields = s.isEmpty() ? new String[0] : s.split("\\s+");
    String quartz = switch (fields.length) {
      case 5 -> CronTranslator.toQuartz(fields);
      case 6, 7 -> String.join(" ", fields);
      default -> throw new IllegalArgumentException(EXPECTED + ", got " + Texts.quote(text));
    };
    validate(quartz, text);
    if (neverFires(quartz)) {
      throw new IllegalArgumentException("the schedule " + Texts.quote(text) + " never fires (a date that does not exist, such as"
          + " February 30th, or a year that is past); fix it, or write disabled");
    }
    return new Schedule(s, quartz, null);
  }

  /** The shortest interval {@code @every} accepts. */
  public static final Duration MIN_EVERY = Duration.ofSeconds(1);

  /** True when the cron has no fire time after now (in UTC; a zone shifts a fire time, it never removes all). */
  private static boolean neverFires(String quartz) {
    try {
      return cron(quartz, ZoneOffset.UTC).getNextValidTimeAfter(new Date()) == null;
    } catch (ParseException | RuntimeException e) {
      return false; // validate() has reported what is wrong with it
    }
  }

  /** What a schedule looks like: the one text of every "not a schedule" error. */
  static final String EXPECTED =
      "expected a schedule: 5-field cron such as \"0 2 * * *\", a Quartz cron such as \"0 0 2 ? * MON-FRI\", "
          + "@hourly, @daily, @weekly, @monthly, @yearly, \"@every 15m\" or disabled";

  private static void validate(String quartz, String text) {
    try {
      new CronExpression(quartz);
    } catch (ParseException e) {
      throw new IllegalArgumentException("invalid cron " + Texts.quote(text) + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid cron " + Texts.quote(text) + ": " + EXPECTED);
    }
  }

  /** {@link #period(ZoneId)} in UTC. */
  public Duration period() {
    return period(ZoneOffset.UTC);
  }

  /**
   * The longest gap between two consecutive fire times over the next year, in {@code zone} (which
   * matters across daylight-saving changes): a job whose last success is older than this has
   * missed a run. The interval of an {@code @every} schedule. Null when disabled or when the cron
   * fires fewer than twice in the next ten years.
   */
  public Duration period(ZoneId zone) {
    if (quartzCron == null) return every;
    // Computed once per expression and zone: a cron firing every second walks 100,000 fire times.
    return PERIODS.computeIfAbsent(quartzCron + " @" + zone.getId(), k -> Optional.ofNullable(periodFrom(Instant.now(), zone)))
        .orElse(null);
  }

  private static final Map<String, Optional<Duration>> PERIODS = new ConcurrentHashMap<>();

  /** {@link #period(ZoneId)} measured from {@code start} instead of now. */
  Duration periodFrom(Instant start, ZoneId zone) {
    if (quartzCron == null) return every;
    CronExpression cron = validatedCron(zone);
    Instant yearEnd = start.plus(Duration.ofDays(366));
    Instant giveUp = start.plus(Duration.ofDays(3653));
    Date t = cron.getNextValidTimeAfter(Date.from(start));
    Duration longest = null;
    // Fire times at most every second: the cap keeps the cost bounded for very frequent schedules,
    // whose longest gap shows within the first part of the year anyway.
    for (int i = 0; t != null && i < MAX_FIRE_TIMES; i++) {
      Date next = cron.getNextValidTimeAfter(t);
      if (next == null || next.toInstant().isAfter(giveUp)) break;
      Duration gap = Duration.between(t.toInstant(), next.toInstant());
      if (longest == null || gap.compareTo(longest) > 0) longest = gap;
      if (next.toInstant().isAfter(yearEnd)) break;
      t = next;
    }
    return longest;
  }

  private static final int MAX_FIRE_TIMES = 100_000;

  /**
   * The first fire time strictly after {@code t}, in {@code zone}: {@code t} plus the interval of an
   * {@code @every} schedule. Empty when disabled or when the cron fires no more.
   */
  public Optional<Instant> nextAfter(Instant t, ZoneId zone) {
    if (quartzCron == null) return Optional.ofNullable(every).map(t::plus);
    return Optional.ofNullable(validatedCron(zone).getTimeAfter(Date.from(t))).map(Date::toInstant);
  }

  /**
   * Whether a fire time has come since {@code t} (logrotate's "daily" rule: a run after a rotation
   * within the same scheduled period is not due again). Never when disabled.
   */
  public boolean firedSince(Instant t, ZoneId zone, Instant now) {
    return nextAfter(t, zone).map(next -> !next.isAfter(now)).orElse(false);
  }

  /**
   * Whether a run was missed since {@code lastSuccess}: more than the {@link #period(ZoneId)} has
   * passed. Never when the period is unknown or the schedule disabled.
   */
  public boolean missedSince(Instant lastSuccess, ZoneId zone, Instant now) {
    Duration period = period(zone);
    return period != null && lastSuccess.plus(period).isBefore(now);
  }

  private CronExpression validatedCron(ZoneId zone) {
    try {
      return cron(quartzCron, zone);
    } catch (ParseException e) {
      throw new IllegalStateException("schedule was validated: " + quartzCron, e);
    }
  }

  private static CronExpression cron(String quartz, ZoneId zone) throws ParseException {
    CronExpression cron = new CronExpression(quartz);
    cron.setTimeZone(TimeZone.getTimeZone(zone));
    return cron;
  }
}
