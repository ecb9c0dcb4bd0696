package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stock gpg with a throwaway GNUPGHOME; keys made by gpg itself in batch mode. */
final class Gpg implements AutoCloseable {
  final Path binary;
  final Path home;

  Gpg(Path dir) throws IOException {
    binary = RealStack.require("gnupg", "gpg");
    home = dir.resolve("gnupghome");
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
  }

  /** Stops the gpg-agent this home started. */
  @Override
  public void close() throws IOException, InterruptedException {
    var gpgconf = RealStack.find("gpgconf");
    if (gpgconf.isEmpty()) return;
    Process p = new ProcessBuilder(gpgconf.get().toString(), "--homedir", home.toString(), "--kill", "all")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  record Result(int exit, String out, String err) {}

  Result run(Path stdoutFile, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--homedir", home.toString(), "--batch", "--no-tty",
        "--pinentry-mode", "loopback", "--passphrase", ""));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path err = Files.createTempFile(home, "err", ".txt");
    Path out = stdoutFile != null ? stdoutFile : Files.createTempFile(home, "out", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("gpg timed out: " + cmd);
    }
    String o = stdoutFile != null ? "" : Files.readString(out, StandardCharsets.UTF_8);
    return new Result(p.exitValue(), o, Files.readString(err, StandardCharsets.UTF_8));
  }

  Result ok(Path stdoutFile, String... args) throws IOException, InterruptedException {
    Result r = run(stdoutFile, args);
    assertEquals(0, r.exit(), () -> "gpg " + String.join(" ", args) + " failed: " + r.err());
    return r;
  }

  /** Generates a key: primary (sign,cert) plus an encryption subkey of {@code encAlgo}; returns its fingerprint. */
  String generate(String uid, String primaryAlgo, String encAlgo) throws IOException, InterruptedException {
    ok(null, "--quick-gen-key", uid, primaryAlgo, "sign,cert", "never");
    String fpr = fingerprint(uid);
    if (encAlgo != null) ok(null, "--quick-add-key", fpr, encAlgo, "encr", "never");
    return fpr;
  }

  String fingerprint(String uid) throws IOException, InterruptedException {
    for (String line : ok(null, "--with-colons", "--list-keys", uid).out().split("\n")) {
      if (line.startsWith("fpr:")) return line.split(":")[9];
    }
    throw new IllegalStateException("no fingerprint for " + uid);
  }

  Path exportPublic(String fpr, Path file) throws IOException, InterruptedException {
    ok(file, "--export", "--armor", fpr);
    return file;
  }

  Path exportSecret(String fpr, Path file) throws IOException, InterruptedException {
    ok(file, "--export-secret-keys", "--armor", fpr);
    return file;
  }
}
