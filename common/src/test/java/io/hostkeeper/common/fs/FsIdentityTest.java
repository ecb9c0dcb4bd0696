package io.hostkeeper.common.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-thread filesystem identity, as root on Linux (skipped otherwise). */
class FsIdentityTest {
  @TempDir Path dir;

  @BeforeEach
  void needsRootOnLinux() throws IOException {
    Assumptions.assumeTrue(FsIdentity.unavailable() == null, "needs Linux: " + FsIdentity.unavailable());
    Assumptions.assumeTrue(FsIdentity.current()[0] == 0, "needs root to act as another user");
  }

  @Test
  void looksUpUsersAndGroupsThroughTheSystem() throws Exception {
    assertEquals(new FsIdentity.Account("nobody", 65534, null, 65534), FsIdentity.lookup("nobody", null));
    assertEquals(65534, FsIdentity.lookup("root", "nogroup").gid());
    assertEquals(0, FsIdentity.lookup("root", null).uid());
    assertEquals("no such user: no-such-user-hk", assertThrows(IOException.class, () -> FsIdentity.lookup("no-such-user-hk", null)).getMessage());
    assertEquals("no such group: no-such-group-hk",
        assertThrows(IOException.class, () -> FsIdentity.lookup("nobody", "no-such-group-hk")).getMessage());
  }

  @Test
  void aRootOnlyFileIsRefusedWhileActingAsNobodyAndReadableAfterwards() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path secret = Files.writeString(dir.resolve("secret"), "s");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    assertThrows(AccessDeniedException.class, () -> FsIdentity.as(65534, 65534, () -> Files.readString(secret)));
    assertArrayEquals(new int[] {0, 0}, FsIdentity.current());
    assertEquals("s", Files.readString(secret));
  }

  @Test
  void filesCreatedWhileActingAsNobodyBelongToNobody() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    int[] inside = FsIdentity.as(65534, 65534, () -> {
      Files.writeString(shared.resolve("f"), "x");
      return FsIdentity.current();
    });
    assertArrayEquals(new int[] {65534, 65534}, inside);
    assertEquals(65534, (Integer) Files.getAttribute(shared.resolve("f"), "unix:uid"));
    assertEquals(65534, (Integer) Files.getAttribute(shared.resolve("f"), "unix:gid"));
  }

  @Test
  void theThreadIsItselfAgainAfterWorkThatThrows() throws Exception {
    RuntimeException e = assertThrows(RuntimeException.class, () -> FsIdentity.as(65534, 65534, () -> {
      throw new IllegalStateException("boom");
    }));
    assertEquals("boom", e.getMessage());
    assertArrayEquals(new int[] {0, 0}, FsIdentity.current());
  }

  /** Linux copies a thread's credentials to the threads it starts: a pool must exist before the switch. */
  @Test
  void aThreadStartedBeforeKeepsRootsRightsAndOneStartedInsideInheritsNobodys() throws Exception {
    java.util.concurrent.SynchronousQueue<Boolean> go = new java.util.concurrent.SynchronousQueue<>();
    int[][] seen = new int[2][];
    Thread before = new Thread(() -> seen[0] = currentOrNull(go));
    before.start();
    Thread[] inside = new Thread[1];
    FsIdentity.as(65534, 65534, () -> {
      assertTrue(go.offer(true, 10, java.util.concurrent.TimeUnit.SECONDS), "the earlier thread is waiting");
      before.join(10_000);
      inside[0] = new Thread(() -> seen[1] = currentOrNull(null));
      inside[0].start();
      inside[0].join(10_000);
      return null;
    });
    assertArrayEquals(new int[] {0, 0}, seen[0], "a thread that existed before is not switched with the caller");
    assertArrayEquals(new int[] {65534, 65534}, seen[1], "a thread started inside inherits the switched identity");
  }

  private static int[] currentOrNull(java.util.concurrent.SynchronousQueue<Boolean> waitFor) {
    try {
      if (waitFor != null) waitFor.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      return FsIdentity.current();
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }
}
