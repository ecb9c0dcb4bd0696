package io.hostkeeper.worker.testing;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for tests: {@code /usr/sbin/sshd -D -e -f CONFIG} on 127.0.0.1 and a free
 * port, with its own host key, an authorized_keys file and a client key (all under {@code dir}),
 * key authentication only and the internal SFTP server. Skips (or fails under CI) when sshd is not
 * installed.
 */
public final class Sshd implements AutoCloseable {
  public final Path dir;
  public final int port;
  public final Path clientKey;
  public final Path knownHosts;
  public final String hostFingerprint;
  private final Path sshd;
  private final Path config;
  private Process process;

  private Sshd(Path dir, int port, Path clientKey, Path knownHosts, String hostFingerprint, Path sshd, Path config) {
    this.dir = dir;
    this.port = port;
    this.clientKey = clientKey;
    this.knownHosts = knownHosts;
    this.hostFingerprint = hostFingerprint;
    this.sshd = sshd;
    this.config = config;
  }

  public static Sshd start(Path dir) throws Exception {
    Path sshd = RealStack.require("openssh-server", "sshd");
    Path keygen = RealStack.require("openssh-client", "ssh-keygen");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path hostKey = dir.resolve("host_ed25519");
    Path clientKey = dir.resolve("id_ed25519");
    run(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "host", "-f", hostKey.toString());
    run(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "client", "-f", clientKey.toString());
    Path authorized = dir.resolve("authorized_keys");
    Files.writeString(authorized, Files.readString(Path.of(clientKey + ".pub")));
    Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String hostPub = Files.readString(Path.of(hostKey + ".pub")).trim();
    String[] parts = hostPub.split(" ");
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
    String fp = run(keygen.toString(), "-l", "-E", "sha256", "-f", hostKey + ".pub").split(" ")[1];
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + hostKey,
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + authorized,
        "StrictModes no",
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "ForceCommand internal-sftp",
        "Subsystem sftp internal-sftp",
        ""));
    Path privsep = Path.of("/run/sshd");
    if (!Files.isDirectory(privsep)) {
      Files.createDirectories(privsep);
      Files.setPosixFilePermissions(privsep, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Sshd s = new Sshd(dir, port, clientKey, knownHosts, fp, sshd, config);
    s.startProcess();
    return s;
  }

  /** Starts sshd again on the same port with the same keys (after {@link #kill()}). */
  public void startProcess() throws Exception {
    process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Socket ignored = new Socket()) {
        ignored.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
        if (Instant.now().isAfter(deadline)) throw new IllegalStateException("sshd did not listen on " + port);
        Thread.sleep(50);
      }
    }
  }

  /** SIGKILL to the listener and every session process it forked (a crash, not a shutdown). */
  public void kill() throws InterruptedException {
    if (process == null) return;
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    for (ProcessHandle h : all) h.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
    for (ProcessHandle h : all) h.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> h).join();
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", argv) + ": " + out);
    return out.trim();
  }
}
