package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.SftpConfig;
import io.hostkeeper.worker.backup.copy.CopyFailure;
import io.hostkeeper.worker.backup.copy.CopyRun;
import io.hostkeeper.worker.backup.copy.HostKeys;
import io.hostkeeper.worker.backup.copy.SftpCopyTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote that refuses writes after N bytes (an in-process SFTP server whose files fill up): the
 * copy fails as no_space, nothing appears under the archive's name, and once there is room the
 * next sync uploads it whole and removes the partial upload.
 */
class FullRemoteDiskTest {
  @TempDir Path dir;
  SshServer server;
  final AtomicLong room = new AtomicLong();

  /** A file channel that stops accepting bytes when the remote "disk" is full. */
  final class FillingChannel implements SeekableByteChannel {
    private final SeekableByteChannel inner;

    FillingChannel(SeekableByteChannel inner) {
      this.inner = inner;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long left = room.get();
      if (left < src.remaining()) {
        if (left > 0) {
          ByteBuffer part = src.duplicate();
          part.limit(part.position() + (int) left);
          inner.write(part);
          room.set(0);
        }
        // what an SFTP server that speaks v5 or later reports for a full disk
        throw new SftpException(SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, "No space left on device");
      }
      room.addAndGet(-src.remaining());
      return inner.write(src);
    }

    @Override public int read(ByteBuffer dst) throws IOException { return inner.read(dst); }
    @Override public long position() throws IOException { return inner.position(); }
    @Override public SeekableByteChannel position(long p) throws IOException { inner.position(p); return this; }
    @Override public long size() throws IOException { return inner.size(); }
    @Override public SeekableByteChannel truncate(long size) throws IOException { inner.truncate(size); return this; }
    @Override public boolean isOpen() { return inner.isOpen(); }
    @Override public void close() throws IOException { inner.close(); }
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) server.stop(true);
  }

  @Test
  void aRemoteThatRefusesWritesAfterNBytes() throws Exception {
    KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    Path identity = dir.resolve("id_ecdsa");
    try (OutputStream out = Files.newOutputStream(identity)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "client", (OpenSSHKeyEncryptionContext) null, out);
    }
    Path root = Files.createDirectories(dir.resolve("remote"));
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    SftpFileSystemAccessor filling = new SftpFileSystemAccessor() {
      @Override
      public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
          Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        SeekableByteChannel plain = SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
        // the server's fsync needs its own FileChannel: wrap only while the disk is "full"
        return room.get() == Long.MAX_VALUE ? plain : new FillingChannel(plain);
      }
    };
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().withFileSystemAccessor(filling).build()));
    server.start();

    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Files.createDirectories(dir.resolve("src"));
    byte[] noise = new byte[3 * 1024 * 1024];
    new SecureRandom().nextBytes(noise);
    Files.write(src.resolve("noise.bin"), noise);
    CopyConfig nas = new CopyConfig("nas", new SftpConfig("127.0.0.1", server.getPort(), "backup", "/app", identity, null,
        HostKeys.fingerprint(hostKey.getPublic())), null, CopyConfig.Verify.FULL, Duration.ofSeconds(20));
    BackupConfig plain = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    BackupConfig b = new BackupConfig("app", plain.schedule(), plain.sources(), plain.recipients(), plain.destination(),
        plain.compression(), null, null, plain.onUnreadable(), null, true, List.of(nas), null);
    BackupCatalogue catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
    BackupRunner.Result r = new BackupRunner(b, catalogue, dir.resolve("data"), Clock.systemUTC(), null, null).run();
    String name = r.archive().fileName();
    CopyRun run = new CopyRun(b, catalogue, null, null, Clock.systemUTC(), SftpCopyTarget::connect);

    room.set(1024 * 1024);
    CopyRun.Outcome full = run.syncAll(false).get(0);
    assertNotNull(full.failure(), "the copy fails");
    assertEquals(CopyFailure.Reason.NO_SPACE, full.failure().reason(), full.failure().getMessage());
    assertFalse(Files.exists(root.resolve("app").resolve(name)), "nothing under the archive's name");

    room.set(Long.MAX_VALUE);
    CopyRun.Outcome ok = run.syncAll(false).get(0);
    assertTrue(ok.ok(), () -> ok.failure().getMessage());
    assertEquals(List.of(name), ok.report().uploaded());
    assertArrayEquals(Files.readAllBytes(r.archive().path()), Files.readAllBytes(root.resolve("app").resolve(name)));
    try (var files = Files.list(root.resolve("app"))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".hk-part-")), "the partial upload is gone");
    }
  }
}
