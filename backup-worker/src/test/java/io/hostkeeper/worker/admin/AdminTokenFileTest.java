package io.hostkeeper.worker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated admin token file: its content and mode, reuse, and a write that fails. */
class AdminTokenFileTest {
  @TempDir Path dir;

  private static final AdminConfig LOOPBACK = new AdminConfig(new HostPort("127.0.0.1", 0), null, null);

  @Test
  void theGeneratedTokenIsWrittenPrivateAndReused() throws Exception {
    AdminToken first = AdminToken.forServer(LOOPBACK, dir);
    Path file = dir.resolve(AdminToken.GENERATED_FILE);
    assertEquals(first.value() + "\n", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first.value(), AdminToken.forServer(LOOPBACK, dir).value(), "reused, not generated again");
    assertEquals(first.value(), AdminToken.forClient(LOOPBACK, dir).value());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left");
    }
  }

  @Test
  void aWriteThatFailsLeavesWhatWasThereAndNoTemporaryFile() throws Exception {
    // A directory where the token file should be: the final rename fails after the write.
    Path blocker = Files.createDirectories(dir.resolve(AdminToken.GENERATED_FILE).resolve("inside"));
    Files.writeString(blocker.resolve("keep"), "kept");
    AdminToken.TokenException e = assertThrows(AdminToken.TokenException.class, () -> AdminToken.forServer(LOOPBACK, dir));
    assertTrue(e.getMessage().startsWith("cannot write the admin token file "), e.getMessage());
    assertEquals("kept", Files.readString(blocker.resolve("keep")));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve(AdminToken.GENERATED_FILE)), files.toList(), "no temporary file is left");
    }
  }

  @Test
  void rewritingKeepsTheModeAndReplacesTheWholeContent() throws Exception {
    Path file = dir.resolve("token");
    AdminToken.writePrivate(file, "a-much-longer-first-token\n");
    AdminToken.writePrivate(file, "short\n");
    assertEquals("short\n", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
