package io.hostkeeper.exporter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Logging to stderr, one line per event: readable text by default, {@code json} for machines.
 * (Minimal exporter-local version; the shared CLI helpers in common replace it once merged.)
 */
public final class LogSetup {
  private LogSetup() {}

  public enum Format { TEXT, JSON }

  public static void configure(Format format) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    Encoder<ILoggingEvent> encoder;
    if (format == Format.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(ctx);
      json.start();
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(ctx);
      text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n");
      text.start();
      encoder = text;
    }
    ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(ctx);
    out.setTarget("System.err");
    out.setEncoder(encoder);
    out.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(out);
    ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    ctx.getLogger("io.javalin").setLevel(Level.WARN);
    ctx.getLogger("oshi").setLevel(Level.WARN);
  }

  /**
   * Runs {@code action} with {@code logger} silenced (Javalin logs its own ERROR with a stack trace
   * when the port is taken; the caller reports that as one line instead).
   */
  public static void silenced(String logger, Runnable action) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      action.run();
      return;
    }
    Logger l = ctx.getLogger(logger);
    Level before = l.getLevel();
    l.setLevel(Level.OFF);
    try {
      action.run();
    } finally {
      l.setLevel(before);
    }
  }
}
