package io.hostkeeper.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
  private final PrintStream originalErr = System.err;

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    Logging.configure(LogFormat.TEXT, "info");
  }

  private String capture(LogFormat format, String level, Runnable logging) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    Logging.configure(format, level);
    logging.run();
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textIsOneReadableLinePerEvent() {
    Logger log = LoggerFactory.getLogger("io.hostkeeper.exporter.Main");
    String out = capture(LogFormat.TEXT, "info", () -> {
      log.info("exporter listening on {}", "http://0.0.0.0:29100");
      log.debug("hidden at info");
    });
    assertTrue(out.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  exporter listening on http://0\\.0\\.0\\.0:29100\\R"), out);
  }

  @Test
  void jsonIsOneObjectPerLine() {
    Logger log = LoggerFactory.getLogger("io.hostkeeper.worker.Main");
    String out = capture(LogFormat.JSON, "debug", () -> log.debug("backup {} done", "app"));
    assertEquals(1, out.lines().count(), out);
    String line = out.strip();
    assertTrue(line.startsWith("{") && line.endsWith("}"), line);
    assertTrue(line.contains("\"level\":\"DEBUG\""), line);
    assertTrue(line.contains("\"loggerName\":\"io.hostkeeper.worker.Main\""), line);
    assertTrue(line.contains("\"formattedMessage\":\"backup app done\""), line);
    assertTrue(line.matches(".*\"timestamp\":\\d+.*"), line);
  }

  @Test
  void noisyLibrariesStayAtWarn() {
    capture(LogFormat.TEXT, "debug", () -> {});
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertEquals(Level.WARN, ctx.getLogger("org.eclipse.jetty").getLevel());
    assertEquals(Level.WARN, ctx.getLogger("org.quartz").getLevel());
    assertEquals(Level.DEBUG, ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    capture(LogFormat.TEXT, "error", () -> {});
    assertEquals(Level.ERROR, ctx.getLogger("org.jdbi").getLevel());
  }

  @Test
  void unknownLevelIsAStartupFailure() {
    StartupFailure f = assertThrows(StartupFailure.class, () -> Logging.configure(LogFormat.TEXT, "loud"));
    assertEquals("unknown log level \"loud\"; use trace, debug, info, warn or error", f.getMessage());
  }

  /** Logback's first configuration is made in code (no XML reading), in the text format, libraries at WARN. */
  @Test
  void theFirstConfigurationIsTheTextFormatWithoutXml() {
    LoggerContext fresh = new LoggerContext();
    DefaultLogging first = new DefaultLogging();
    first.setContext(fresh);
    assertEquals(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, first.configure(fresh));
    ch.qos.logback.classic.Logger root = fresh.getLogger(Logger.ROOT_LOGGER_NAME);
    assertEquals(Level.INFO, root.getLevel());
    var console = (ch.qos.logback.core.ConsoleAppender<?>) root.getAppender("console");
    assertEquals("System.err", console.getTarget());
    assertEquals(Logging.TEXT_PATTERN, ((ch.qos.logback.classic.encoder.PatternLayoutEncoder) console.getEncoder()).getPattern());
    assertEquals(Level.WARN, fresh.getLogger("org.eclipse.jetty").getLevel());
    assertTrue(java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
        .anyMatch(p -> p.type() == DefaultLogging.class), "registered for Logback's ServiceLoader");
  }

  @Test
  void anOperatorsLogbackFileIsLeftToLogback() {
    System.setProperty(Logging.CONFIG_FILE_PROPERTY, "/etc/hostkeeper/logback.xml");
    try {
      assertEquals(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY,
          new DefaultLogging().configure(new LoggerContext()));
    } finally {
      System.clearProperty(Logging.CONFIG_FILE_PROPERTY);
    }
  }
}
