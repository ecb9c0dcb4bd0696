package io.hostkeeper.worker.admin;

import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The admin API's bearer token: from {@code worker.admin.token_file}, else {@code worker.admin.token}
 * (an {@code ${env:NAME}} reference), else generated once into {@code <data_dir>/admin.token}
 * (mode 0600) and reused. The token itself is never logged; {@link #source} says where it is.
 *
 * @param value the token
 * @param source where it came from, for logs ("token_file /etc/...", "generated /var/lib/...")
 * @param configured whether the user configured it (a generated one does not count)
 */
public record AdminToken(String value, String source, boolean configured) {
  public static final String GENERATED_FILE = "admin.token";

  @Override
  public String toString() {
    return "AdminToken[" + source + "]";
  }

  /** Raised for a missing/unreadable/empty token file or an unsafe bind; the message is for people. */
  public static final class TokenException extends Exception {
    public TokenException(String message) {
      super(message, null, false, false);
    }
  }

  /** The configured token, if any (no generation); used by the CLI and at start. */
  public static Optional<AdminToken> configured(AdminConfig admin) throws TokenException {
    if (admin.tokenFile() != null) {
      warnIfReadableByOthers(admin.tokenFile());
      return Optional.of(new AdminToken(readTokenFile(admin.tokenFile(), "worker.admin.token_file"),
          "worker.admin.token_file " + admin.tokenFile(), true));
    }
    if (admin.token() != null) {
      String v = admin.token().reveal().trim();
      if (v.isEmpty()) throw new TokenException("worker.admin.token is empty; set it to a long random value");
      return Optional.of(new AdminToken(v, "worker.admin.token", true));
    }
    return Optional.empty();
  }

  /** For the worker at start: configured, else generated; refuses a non-loopback bind without one. */
  public static AdminToken forServer(AdminConfig admin, Path dataDir) throws TokenException {
    Optional<AdminToken> configured = configured(admin);
    if (configured.isPresent()) return configured.get();
    if (!admin.listen().isLoopback()) {
      throw new TokenException("worker.admin.listen is " + admin.listen() + ", not a loopback address, but no admin"
          + " token is configured: set worker.admin.token_file (or bind to 127.0.0.1)");
    }
    Path file = dataDir.resolve(GENERATED_FILE);
    try {
      if (Files.isRegularFile(file)) {
        return new AdminToken(readTokenFile(file, "generated token file"), "generated " + file, false);
      }
      String token = generate();
      writePrivate(file, token + "\n");
      return new AdminToken(token, "generated " + file, false);
    } catch (IOException e) {
      throw new TokenException("cannot write the admin token file " + file + ": " + e.getMessage());
    }
  }

  /** For the CLI: configured, else the file the worker generated. */
  public static AdminToken forClient(AdminConfig admin, Path dataDir) throws TokenException {
    Optional<AdminToken> configured = configured(admin);
    if (configured.isPresent()) return configured.get();
    Path file = dataDir.resolve(GENERATED_FILE);
    if (!Files.exists(file)) {
      throw new TokenException("no admin token configured and " + file + " does not exist: is the worker"
          + " running with this config? (or set worker.admin.token_file)");
    }
    return new AdminToken(readTokenFile(file, "generated token file"), "generated " + file, false);
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      var perms = Files.getPosixFilePermissions(file);
      if (perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        org.slf4j.LoggerFactory.getLogger(AdminToken.class).warn(
            "admin token file {} is readable by every user; chmod 600 it (or 640 with a dedicated group)", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // unreadable files are reported by readTokenFile; other file systems have no such bits
    }
  }

  static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String readTokenFile(Path file, String what) throws TokenException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new TokenException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    if (text.isEmpty()) throw new TokenException(what + ": " + file + " is empty; put a long random token in it");
    if (text.contains("\n")) throw new TokenException(what + ": " + file + " must hold the token on one line");
    return text;
  }

  /** Durably and atomically, mode 0600 from creation (see {@link SafeFiles#writeAtomically}). */
  static void writePrivate(Path file, String content) throws IOException {
    SafeFiles.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8), SafeFiles.PRIVATE_FILE);
  }
}
