package io.hostkeeper.common.web;

import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The web-config file named by a key of {@code hostkeeper.yml} (or by {@code --web.config.file}),
 * checked for {@code check-config} and start-up. Each problem is reported at that key's line, with
 * the web-config file and the path and line inside it:
 * {@code exporter.web_config_file: line 4: /etc/hostkeeper/web.yml: tls_server_config.cert_file: line 2: cannot read ...}.
 */
public final class WebConfigCheck {
  private WebConfigCheck() {}

  /** The errors of {@code file}; empty when it is null (no web-config file) or valid. */
  public static List<ConfigError> errors(LoadedConfig loaded, String key, Path file) {
    if (file == null) return List.of();
    return wrap(loaded, key, file, WebConfigReader.read(file).errors());
  }

  /** Likely mistakes in a usable file (a key file readable by others, a TLS version the JVM disables). */
  public static List<ConfigError> warnings(LoadedConfig loaded, String key, Path file) {
    if (file == null) return List.of();
    return wrap(loaded, key, file, WebConfigReader.read(file).warnings());
  }

  /**
   * The live settings for a port, or null without a file.
   *
   * @param port names the port in logs, e.g. "exporter"
   * @throws StartupFailure when the file became unusable since it was checked
   */
  public static WebSecurity open(String port, String key, Path file) {
    if (file == null) return null;
    WebConfigReader.Result r = WebConfigReader.read(file);
    if (!r.valid()) throw new StartupFailure(key + ": " + file + ": " + r.errors().get(0));
    if (r.settings().tls() == null) return new WebSecurity(port, r.settings());
    boolean aes = AesHardware.detect();
    if (!aes && r.settings().config().tlsServerConfig().cipherSuites().isEmpty()) {
      LoggerFactory.getLogger(WebConfigCheck.class).info("{} port: AES-GCM runs without CPU support in this JVM (C1 only, or no"
          + " AES instructions); ChaCha20-Poly1305 is offered first", port);
    }
    return new WebSecurity(port, r.settings(), aes);
  }

  private static List<ConfigError> wrap(LoadedConfig loaded, String key, Path file, List<ConfigError> inner) {
    return inner.stream().map(e -> new ConfigError(key, key.startsWith("--") ? -1 : loaded.lineOf(key), file + ": " + e)).toList();
  }
}
