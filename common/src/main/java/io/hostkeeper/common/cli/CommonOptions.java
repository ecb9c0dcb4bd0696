package io.hostkeeper.common.cli;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options every hostkeeper command takes; use as a picocli {@code @Mixin}. */
public class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file. Default: $HOSTKEEPER_CONFIG, else ./hostkeeper.yml, else /etc/hostkeeper/hostkeeper.yml, else built-in defaults.")
  Path config;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text", converter = LogFormatConverter.class,
      description = "Log format: text (one line per event) or json (default: ${DEFAULT-VALUE}).")
  LogFormat logFormat = LogFormat.TEXT;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
      description = "Log level: trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  String logLevel = "info";

  static final class LogFormatConverter implements ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      for (LogFormat f : LogFormat.values()) {
        if (f.name().equalsIgnoreCase(value.trim())) return f;
      }
      throw new TypeConversionException("expected text or json, got '" + value + "'");
    }
  }

  public Optional<Path> configFile() {
    return Optional.ofNullable(config);
  }

  public LogFormat logFormat() {
    return logFormat;
  }

  public String logLevel() {
    return logLevel;
  }

  /** Applies {@code --log-format} and {@code --log-level}. @throws StartupFailure for an unknown level */
  public void configureLogging() {
    Logging.configure(logFormat, logLevel);
  }

  /** Finds and binds the configuration. @throws io.hostkeeper.common.config.ConfigException reported by {@link Cli} */
  public LoadedConfig loadConfig() {
    return ConfigLoader.load(configFile());
  }
}
