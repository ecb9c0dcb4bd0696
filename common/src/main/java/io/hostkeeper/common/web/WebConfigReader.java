package io.hostkeeper.common.web;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import io.hostkeeper.common.config.YamlDocument;
import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Reads a web-config file and the files it names: binds it (path:line errors, unknown keys refused
 * by name), resolves relative paths against its directory (as the exporter toolkit does), reads and
 * checks the certificate, key and client CA. Used alike by {@code check-config}, at start-up and on
 * every change on disk.
 */
public final class WebConfigReader {
  static final int MAX_BYTES = 1024 * 1024;
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** Keys of the format that this project does not implement, and why. */
  static final Map<String, String> NOT_IMPLEMENTED = Map.of(
      "rate_limit", "rate limiting is not implemented by hostkeeper; remove rate_limit",
      "tls_server_config.cert", "an inline certificate is not implemented; put it in a file and use cert_file",
      "tls_server_config.key", "an inline private key is not implemented (secrets are never inline); use key_file",
      "tls_server_config.client_ca", "an inline client CA is not implemented; put it in a file and use client_ca_file",
      "tls_server_config.curve_preferences", "curve_preferences is not implemented by hostkeeper (the JVM's curve order"
          + " is used); remove it",
      "tls_server_config.client_allowed_sans", "client_allowed_sans is not implemented by hostkeeper; remove it and"
          + " issue client certificates from a CA of their own (client_ca_file)");

  private WebConfigReader() {}

  /**
   * @param settings the reading, when there are no errors
   * @param errors each with its YAML path and line in the web-config file
   * @param warnings likely mistakes that do not stop the file being used
   */
  public record Result(WebSettings settings, List<ConfigError> errors, List<ConfigError> warnings) {
    public Result {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    public boolean valid() {
      return errors.isEmpty();
    }
  }

  public static Result read(Path file) {
    FileStamp fileStamp = FileStamp.of(file);
    String yaml;
    try {
      yaml = new String(SafeFiles.readSmallRegularFile(file, MAX_BYTES, READ_TIMEOUT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return failed(new ConfigError("", -1, "cannot read the web-config file " + file + ": " + describe(e)));
    }
    YamlDocument.Bound<WebConfigFile> bound;
    try {
      bound = YamlDocument.bind(yaml, file.toString(), WebConfigFile.class);
    } catch (ConfigException e) {
      return new Result(null, e.errors().stream().map(WebConfigReader::explainNotImplemented).toList(), List.of());
    }
    WebConfigFile config = bound.value();
    Path dir = file.toAbsolutePath().getParent();
    TlsServerConfig tls = config.tlsServerConfig().resolvedAgainst(dir);
    config = new WebConfigFile(tls, config.httpServerConfig(), config.basicAuthUsers());
    List<ConfigError> errors = new ArrayList<>();
    List<ConfigError> warnings = new ArrayList<>();
    List<FileStamp> stamps = new ArrayList<>();
    stamps.add(fileStamp);
    TlsMaterial material = null;
    if (tls.enabled()) {
      for (Path p : WebSettings.watched(file, tls).subList(1, WebSettings.watched(file, tls).size())) stamps.add(FileStamp.of(p));
      material = readMaterial(tls, bound, errors);
      checkSuites(tls, bound, errors);
      warnings.addAll(keyWarnings(tls, bound));
      if (tls.min().compareTo(TlsVersion.TLS12) < 0 && !jvmEnables(tls.min())) {
        warnings.add(new ConfigError("tls_server_config.min_version", bound.lineOf("tls_server_config.min_version"),
            tls.minVersion() + " is disabled in this JVM (jdk.tls.disabledAlgorithms); clients need TLS 1.2 or newer"));
      }
    }
    if (!errors.isEmpty()) return new Result(null, errors, warnings);
    return new Result(new WebSettings(file, config, material, stamps), List.of(), warnings);
  }

  private static TlsMaterial readMaterial(TlsServerConfig tls, YamlDocument.Bound<?> bound, List<ConfigError> errors) {
    byte[] cert = readPem(tls.certFile(), "tls_server_config.cert_file", bound, errors);
    byte[] key = readPem(tls.keyFile(), "tls_server_config.key_file", bound, errors);
    byte[] ca = tls.clientCaFile() == null ? null : readPem(tls.clientCaFile(), "tls_server_config.client_ca_file", bound, errors);
    if (cert == null || key == null || (tls.clientCaFile() != null && ca == null)) return null;
    String at = "tls_server_config.cert_file";
    try {
      Pem.certificates(cert);
      at = "tls_server_config.key_file";
      Pem.privateKey(key);
      at = "tls_server_config.client_ca_file";
      if (ca != null) Pem.certificates(ca);
      at = "tls_server_config.key_file";
      return TlsMaterial.parse(cert, key, ca);
    } catch (IllegalArgumentException e) {
      errors.add(new ConfigError(at, bound.lineOf(at), e.getMessage()));
      return null;
    }
  }

  private static byte[] readPem(Path p, String key, YamlDocument.Bound<?> bound, List<ConfigError> errors) {
    try {
      return SafeFiles.readSmallRegularFile(p, MAX_BYTES, READ_TIMEOUT);
    } catch (IOException e) {
      errors.add(new ConfigError(key, bound.lineOf(key), "cannot read " + p + ": " + describe(e)));
      return null;
    }
  }

  private static void checkSuites(TlsServerConfig tls, YamlDocument.Bound<?> bound, List<ConfigError> errors) {
    if (tls.cipherSuites().isEmpty()) return;
    Set<String> supported;
    try {
      supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      return;
    }
    for (String s : CipherSuites.unsupported(tls.cipherSuites(), supported)) {
      int i = tls.cipherSuites().indexOf(s);
      String key = "tls_server_config.cipher_suites[" + i + "]";
      errors.add(new ConfigError(key, bound.lineOf(key), "cipher suite " + s + " is not supported by this JVM"));
    }
  }

  /** A key file that users other than its owner can read. */
  private static List<ConfigError> keyWarnings(TlsServerConfig tls, YamlDocument.Bound<?> bound) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(tls.keyFile(), new LinkOption[0]);
      if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
        String key = "tls_server_config.key_file";
        return List.of(new ConfigError(key, bound.lineOf(key), tls.keyFile() + " is readable by "
            + (mode.contains(PosixFilePermission.OTHERS_READ) ? "every user" : "its group")
            + "; make it private: chmod 600 " + tls.keyFile()));
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // unreadable keys are reported as errors
    }
    return List.of();
  }

  private static boolean jvmEnables(TlsVersion v) {
    try {
      return List.of(SSLContext.getDefault().getDefaultSSLParameters().getProtocols()).contains(v.protocol());
    } catch (NoSuchAlgorithmException e) {
      return false;
    }
  }

  private static ConfigError explainNotImplemented(ConfigError e) {
    String why = NOT_IMPLEMENTED.get(e.path());
    if (why != null && e.message().startsWith("unknown key")) return new ConfigError(e.path(), e.line(), why);
    return e;
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) return "no such file";
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof SafeFiles.FileTooLargeException) return "too large (at most " + MAX_BYTES + " bytes)";
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Result failed(ConfigError e) {
    return new Result(null, List.of(e), List.of());
  }
}
