package io.hostkeeper.worker.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys generate} writes its two files durably, with their modes, and never through a planted link. */
class KeysGenerateFilesTest {
  @TempDir Path dir;

  @Test
  void publicKeyIsReadableByAllAndPrivateKeyOnlyByItsOwner() throws Exception {
    Path keys = dir.resolve("keys");
    BackupCli.Run gen = BackupCli.run("keys", "generate", "--name", "Ops", "--out", keys.toString());
    assertEquals(0, gen.code(), gen.err());
    Path pub = keys.resolve("backup-public.asc");
    Path sec = keys.resolve("backup-private.asc");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sec)));
    assertTrue(Files.readString(pub).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
    assertTrue(Files.readString(sec).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
    try (var files = Files.list(keys)) {
      assertEquals(2, files.count(), "no temporary file is left");
    }
  }

  @Test
  void aLinkPlantedAtTheOldTemporaryNameIsNotWrittenThrough() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path victim = Files.writeString(dir.resolve("victim"), "untouched");
    Files.createSymbolicLink(keys.resolve(".hk-tmp-backup-public.asc"), victim);
    BackupCli.Run gen = BackupCli.run("keys", "generate", "--name", "Ops", "--out", keys.toString());
    assertEquals(0, gen.code(), gen.err());
    assertEquals("untouched", Files.readString(victim));
    try (var files = Files.list(keys)) {
      assertEquals(List.of(".hk-tmp-backup-public.asc", "backup-private.asc", "backup-public.asc"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
