package io.hostkeeper.common.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration, before {@link Logging#configure} runs: the same one-line text
 * format on stderr, set up in code. Found by Logback through {@code META-INF/services}; it takes
 * the place of a {@code logback.xml}, whose reading alone loaded about 640 classes (Logback's XML
 * configurator and the JDK's XML parser) into both jars for a configuration replaced a moment
 * later. An operator's {@code -Dlogback.configurationFile}, and a test's {@code logback-test.xml},
 * are still read by Logback itself.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(Logging.CONFIG_FILE_PROPERTY) != null
        || DefaultLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Logging.configure(context, LogFormat.TEXT, "info");
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
