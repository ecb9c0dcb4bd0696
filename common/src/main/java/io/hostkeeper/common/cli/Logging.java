package io.hostkeeper.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Programmatic Logback set-up shared by both jars. Events go to stderr (stdout stays for command
 * output such as {@code check-config}). Without a call, {@link DefaultLogging} gives
 * the same text format.
 */
public final class Logging {
  /** {@code 2026-11-21T05:00:00.123Z INFO  exporter listening on http://0.0.0.0:29100}. */
  public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %msg%n";
  /**
   * Libraries that are chatty at INFO (Javalin's banner, Quartz's start-up lines); they log at WARN
   * unless the chosen level is stricter. Our own start-up lines say what matters (URLs, jobs).
   */
  public static final List<String> NOISY = List.of("org.eclipse.jetty", "io.javalin", "org.quartz", "org.jdbi", "com.zaxxer.hikari",
      "org.apache.sshd");

  /** {@code -Dlogback.configurationFile=...}: when set, that file configures logging and {@link #configure} leaves it alone. */
  public static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

  private Logging() {}

  /**
   * Replaces the Logback configuration.
   *
   * @param level trace, debug, info, warn or error (any case)
   * @throws StartupFailure for an unknown level
   */
  public static void configure(LogFormat format, String level) {
    Level root = parseLevel(level);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return; // another SLF4J binding is in charge
    if (System.getProperty(CONFIG_FILE_PROPERTY) != null) return; // the operator's own logback file wins
    configure(context, format, level);
  }

  /** Replaces the configuration of {@code context} (also Logback's first one, {@link DefaultLogging}). */
  static void configure(LoggerContext context, LogFormat format, String level) {
    Level root = parseLevel(level);
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder(format, context));
    console.start();
    Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLogger.setLevel(root);
    rootLogger.addAppender(console);
    Level libraries = root.isGreaterOrEqual(Level.WARN) ? root : Level.WARN;
    for (String name : NOISY) context.getLogger(name).setLevel(libraries);
  }

  static Level parseLevel(String level) {
    String l = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
    return switch (l) {
      case "TRACE" -> Level.TRACE;
      case "DEBUG" -> Level.DEBUG;
      case "INFO" -> Level.INFO;
      case "WARN", "WARNING" -> Level.WARN;
      case "ERROR" -> Level.ERROR;
      default -> throw new StartupFailure("unknown log level \"" + level + "\"; use trace, debug, info, warn or error");
    };
  }

  private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
    if (format == LogFormat.JSON) {
      // Logback's own JsonEncoder: one object per line with timestamp (epoch ms), level, thread,
      // logger, formatted message, MDC, key-value pairs and throwable. The raw template, argument
      // array, context block and sequence numbers are left out as noise.
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
