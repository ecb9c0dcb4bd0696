package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.SftpConfig;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The host keys a copy accepts: the {@code known_hosts} entries for its host and port (plain or
 * hashed names; {@code @revoked} and {@code @cert-authority} lines are never a match), or one pinned
 * {@code SHA256:} fingerprint. Nothing is ever trusted on first use or written back. Remembers the
 * key the server showed, so a refusal can name its fingerprint.
 */
public final class HostKeys implements ServerKeyVerifier {
  private final String host;
  private final int port;
  private final List<PublicKey> known;
  private final String pinned;
  private volatile String refused;

  private HostKeys(String host, int port, List<PublicKey> known, String pinned) {
    this.host = host;
    this.port = port;
    this.known = List.copyOf(known);
    this.pinned = pinned;
  }

  /** Reads the accepted keys of {@code sftp} (its known_hosts file, or the pinned fingerprint). */
  public static HostKeys of(SftpConfig sftp) throws IOException {
    if (sftp.hostKeyFingerprint() != null) return new HostKeys(sftp.host(), sftp.port(), List.of(), sftp.hostKeyFingerprint());
    return new HostKeys(sftp.host(), sftp.port(), knownKeys(sftp.knownHosts(), sftp.host(), sftp.port()), null);
  }

  /** The keys {@code file} lists for {@code host} at {@code port} ({@code [host]:port} unless 22). */
  public static List<PublicKey> knownKeys(Path file, String host, int port) throws IOException {
    List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(file);
    List<PublicKey> keys = new java.util.ArrayList<>();
    for (KnownHostEntry e : entries) {
      if (e.getMarker() != null && !e.getMarker().isEmpty()) continue;
      if (e.getKeyEntry() == null || !e.isHostMatch(host, port)) continue;
      try {
        PublicKey k = e.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
        if (k != null) keys.add(k);
      } catch (java.security.GeneralSecurityException | IOException | RuntimeException ex) {
        // an entry of a key type this build cannot read never matches
      }
    }
    return keys;
  }

  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
    String fp = fingerprint(serverKey);
    boolean ok = pinned != null ? pinned.equals(fp) : known.stream().anyMatch(k -> KeyUtils.compareKeys(k, serverKey));
    if (!ok) refused = fp;
    return ok;
  }

  /** The fingerprint of a key this verifier refused, or null. */
  public String refusedFingerprint() {
    return refused;
  }

  /** One line for a refusal: what was shown, what was expected, what to do. */
  public String refusal() {
    String where = port == 22 ? host : "[" + host + "]:" + port;
    return "host key of " + where + " is not the expected one: the server shows " + refused
        + (pinned != null ? " but host_key_fingerprint is " + pinned
            : known.isEmpty() ? " and known_hosts has no entry for " + where : " which known_hosts does not list for " + where)
        + "; if the server's key really changed, check it on the server (ssh-keygen -lf) and update the configuration";
  }
}
