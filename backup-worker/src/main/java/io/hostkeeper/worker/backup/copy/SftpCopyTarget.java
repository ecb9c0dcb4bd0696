package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.SftpConfig;
import io.hostkeeper.worker.backup.copy.CopyFailure.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A copy target over SFTP (Apache MINA SSHD): public-key authentication only (no password, no
 * keyboard-interactive), host key checked by {@link HostKeys}, the remote directory created when
 * missing. Uploads stream through a pipelined writer; where the server offers them,
 * {@code fsync@openssh.com} makes the temporary file durable and {@code posix-rename@openssh.com}
 * replaces the final name atomically.
 */
public final class SftpCopyTarget implements CopyTarget {
  private static final int BUFFER = 255 * 1024;
  /**
   * AES-GCM first: the JDK runs it on the processor's AES and carry-less multiply instructions,
   * while the library's ChaCha20-Poly1305 (its default first choice) is plain Java and several
   * times slower per byte. CTR modes and ChaCha20 stay as fallbacks for servers without GCM.
   */
  private static final List<org.apache.sshd.common.cipher.BuiltinCiphers> CIPHERS = List.of(
      org.apache.sshd.common.cipher.BuiltinCiphers.aes128gcm, org.apache.sshd.common.cipher.BuiltinCiphers.aes256gcm,
      org.apache.sshd.common.cipher.BuiltinCiphers.aes128ctr, org.apache.sshd.common.cipher.BuiltinCiphers.aes256ctr,
      org.apache.sshd.common.cipher.BuiltinCiphers.cc20p1305_openssh);

  private final SshClient client;
  private final ClientSession session;
  private final SftpClient sftp;
  private final String dir;
  private final String description;

  private SftpCopyTarget(SshClient client, ClientSession session, SftpClient sftp, String dir, String description) {
    this.client = client;
    this.session = session;
    this.sftp = sftp;
    this.dir = dir;
    this.description = description;
  }

  /** Connects, authenticates and opens the SFTP channel; every failure is a {@link CopyFailure}. */
  public static SftpCopyTarget connect(CopyConfig copy) throws CopyFailure {
    SftpConfig s = copy.sftp();
    Duration timeout = copy.timeout();
    String where = s.url();
    HostKeys hostKeys;
    try {
      hostKeys = HostKeys.of(s);
    } catch (IOException e) {
      throw new CopyFailure(Reason.HOST_KEY, "cannot read known_hosts " + s.knownHosts() + ": " + e.getMessage(), e);
    }
    List<KeyPair> identity = identity(s.identityFile());
    SshClient client = SshClient.setUpDefaultClient();
    client.setCipherFactories(new java.util.ArrayList<>(org.apache.sshd.common.NamedFactory.setUpBuiltinFactories(true, CIPHERS)));
    client.setServerKeyVerifier(hostKeys);
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // never ~/.ssh/config: only what the YAML says
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setKeyIdentityProvider(session -> identity);
    CoreModuleProperties.IDLE_TIMEOUT.set(client, timeout);
    CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, timeout.plusSeconds(15));
    CoreModuleProperties.AUTH_TIMEOUT.set(client, timeout);
    CoreModuleProperties.WINDOW_TIMEOUT.set(client, timeout);
    client.start();
    ClientSession session = null;
    try {
      try {
        session = client.connect(s.user(), s.host(), s.port()).verify(timeout).getSession();
      } catch (IOException | RuntimeException e) {
        throw new CopyFailure(Reason.UNREACHABLE, where + ": cannot connect (" + Errors.message(e) + ")", e);
      }
      try {
        session.auth().verify(timeout);
      } catch (IOException | RuntimeException e) {
        if (hostKeys.refusedFingerprint() != null) throw new CopyFailure(Reason.HOST_KEY, where + ": " + hostKeys.refusal(), e);
        throw new CopyFailure(Reason.AUTH, where + ": the server did not accept the key " + s.identityFile()
            + " for user " + s.user() + " (" + Errors.message(e) + "); add its public half to that user's authorized_keys", e);
      }
      SftpClient sftp;
      try {
        sftp = SftpClientFactory.instance().createSftpClient(session);
      } catch (IOException e) {
        throw Errors.classify(where + ": cannot open SFTP", e);
      }
      String dir = s.path().endsWith("/") && s.path().length() > 1 ? s.path().substring(0, s.path().length() - 1) : s.path();
      SftpCopyTarget t = new SftpCopyTarget(client, session, sftp, dir, where);
      t.ensureDirectory();
      return t;
    } catch (CopyFailure e) {
      closeQuietly(session);
      client.stop();
      throw e;
    }
  }

  private static List<KeyPair> identity(Path file) throws CopyFailure {
    try {
      List<KeyPair> keys = new ArrayList<>();
      new FileKeyPairProvider(file).loadKeys(null).forEach(keys::add);
      if (keys.isEmpty()) throw new CopyFailure(Reason.AUTH, "identity_file " + file + " holds no private key");
      return keys;
    } catch (RuntimeException e) {
      throw new CopyFailure(Reason.AUTH, "cannot read identity_file " + file + " (" + Errors.message(e)
          + "); it must be an unencrypted OpenSSH private key readable by the worker", e);
    }
  }

  private void ensureDirectory() throws CopyFailure {
    try {
      SftpClient.Attributes a = sftp.stat(dir);
      if (!a.isDirectory()) throw new CopyFailure(Reason.IO, description + " is not a directory");
      return;
    } catch (SftpException e) {
      if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) throw Errors.classify(description, e);
    } catch (IOException e) {
      throw Errors.classify(description, e);
    }
    StringBuilder p = new StringBuilder(dir.startsWith("/") ? "/" : "");
    for (String part : dir.split("/")) {
      if (part.isEmpty()) continue;
      if (p.length() > 0 && p.charAt(p.length() - 1) != '/') p.append('/');
      p.append(part);
      try {
        sftp.stat(p.toString());
      } catch (IOException missing) {
        try {
          sftp.mkdir(p.toString());
        } catch (IOException e) {
          throw Errors.classify(description + ": cannot create " + p, e);
        }
      }
    }
  }

  private String path(String name) {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("not a plain file name: " + name);
    }
    return dir + "/" + name;
  }

  @Override
  public List<RemoteFile> list() throws IOException {
    List<RemoteFile> out = new ArrayList<>();
    try {
      for (SftpClient.DirEntry e : sftp.readDir(dir)) {
        if (e.getAttributes().isRegularFile()) out.add(new RemoteFile(e.getFilename(), e.getAttributes().getSize()));
      }
    } catch (IOException e) {
      throw Errors.classify(description + ": cannot list", e);
    }
    return out;
  }

  @Override
  public void upload(Path local, String tempName, LongConsumer progress) throws IOException {
    String remote = path(tempName);
    long[] sent = {0};
    long total = -1;
    try (FileChannel in = FileChannel.open(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      total = in.size();
      try (SftpClient.CloseableHandle h = sftp.open(remote, EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive))) {
        try (SftpOutputStreamAsync out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, BUFFER, remote, h, false)) {
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(BUFFER);
          byte[] bytes = buf.array();
          int n;
          while ((n = in.read(buf)) > 0) {
            out.write(bytes, 0, n);
            sent[0] += n;
            progress.accept(sent[0]);
            buf.clear();
          }
          out.flush();
        }
        OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
        if (fsync != null && fsync.isSupported()) fsync.fsync(h);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CopyFailure(Reason.IO, "local archive " + local + " is missing", e);
    } catch (IOException e) {
      if (e instanceof CopyFailure f) throw f;
      CopyFailure f = Errors.classify(description + ": upload of " + tempName + " failed", e);
      if (f.reason() == Reason.IO && total >= 0) f = fullOrReadOnly(f, total - sent[0]);
      throw f;
    }
  }

  /**
   * SFTP v3 (OpenSSH) reports a full or read-only disk as a plain failure; {@code statvfs@openssh.com}
   * on the directory tells which, where the server offers it.
   */
  private CopyFailure fullOrReadOnly(CopyFailure f, long stillToSend) {
    try {
      OpenSSHStatPathExtension statvfs = sftp.getExtension(OpenSSHStatPathExtension.class);
      if (statvfs == null || !statvfs.isSupported()) return f;
      OpenSSHStatExtensionInfo info = statvfs.stat(dir);
      if ((info.f_flag & OpenSSHStatExtensionInfo.SSH_FXE_STATVFS_ST_RDONLY) != 0) {
        return new CopyFailure(Reason.PERMISSION, f.getMessage() + " (the remote file system is read-only)", f);
      }
      long free = info.f_bavail * Math.max(1, info.f_frsize);
      if (free < Math.max(1, stillToSend)) {
        return new CopyFailure(Reason.NO_SPACE, f.getMessage() + " (no space left on the remote: " + free + " bytes free)", f);
      }
    } catch (IOException | RuntimeException ignored) {
      // the connection may be gone: keep the first diagnosis
    }
    return f;
  }

  @Override
  public void rename(String from, String to) throws IOException {
    try {
      OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
      if (posix != null && posix.isSupported()) {
        posix.posixRename(path(from), path(to));
      } else {
        if (size(to) >= 0) sftp.remove(path(to));
        sftp.rename(path(from), path(to));
      }
    } catch (IOException e) {
      if (e instanceof CopyFailure f) throw f;
      throw Errors.classify(description + ": cannot rename " + from + " to " + to, e);
    }
  }

  @Override
  public long size(String name) throws IOException {
    try {
      SftpClient.Attributes a = sftp.lstat(path(name));
      return a.isRegularFile() ? a.getSize() : -1;
    } catch (SftpException e) {
      if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return -1;
      throw Errors.classify(description + ": cannot stat " + name, e);
    } catch (IOException e) {
      throw Errors.classify(description + ": cannot stat " + name, e);
    }
  }

  @Override
  public void delete(String name) throws IOException {
    try {
      sftp.remove(path(name));
    } catch (SftpException e) {
      if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) throw Errors.classify(description + ": cannot delete " + name, e);
    } catch (IOException e) {
      throw Errors.classify(description + ": cannot delete " + name, e);
    }
  }

  @Override
  public InputStream read(String name) throws IOException {
    try {
      return sftp.read(path(name), BUFFER);
    } catch (IOException e) {
      throw Errors.classify(description + ": cannot read " + name, e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      sftp.close();
    } catch (IOException | RuntimeException ignored) {
      // closing a dead connection
    }
    closeQuietly(session);
    client.stop();
  }

  private static void closeQuietly(ClientSession s) {
    if (s == null) return;
    try {
      s.close();
    } catch (IOException | RuntimeException ignored) {
      // closing a dead connection
    }
  }
}
