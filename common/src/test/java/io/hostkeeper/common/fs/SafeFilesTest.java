package io.hostkeeper.common.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {
  @TempDir Path dir;

  @Test
  void createNewRefusesAPlantedSymlinkAndLeavesItsTargetAlone() throws IOException {
    Path victim = Files.writeString(dir.resolve("victim"), "secret");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
    Path link = Files.createSymbolicLink(dir.resolve("tmp"), victim);
    assertThrows(IOException.class, () -> SafeFiles.createNew(link, SafeFiles.PRIVATE_FILE).close());
    assertEquals("secret", Files.readString(victim));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
  }

  @Test
  void createNewGivesTheFinalModeAtCreation() throws IOException {
    Path f = dir.resolve("f");
    try (FileChannel ch = SafeFiles.createNew(f, PosixFilePermissions.fromString("rw-r-----"))) {
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
  }

  @Test
  void attributesAreNeverSetThroughALink() throws IOException {
    Path victim = Files.writeString(dir.resolve("victim"), "x");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
    FileTime before = Files.getLastModifiedTime(victim);
    Path link = Files.createSymbolicLink(dir.resolve("l"), victim);
    assertThrows(IOException.class,
        () -> SafeFiles.setModeNoFollow(link, PosixFilePermissions.fromString("rw-rw-rw-")));
    try {
      SafeFiles.setMtimeNoFollow(link, FileTime.fromMillis(0));
    } catch (IOException acceptable) {
      // refusing is as good as changing the link itself
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
    assertEquals(before, Files.getLastModifiedTime(victim));
  }

  @Test
  void writeAtomicallyReplacesContentWithTheGivenMode() throws IOException {
    Path f = Files.writeString(dir.resolve("state"), "old");
    SafeFiles.writeAtomically(f, "new".getBytes(StandardCharsets.UTF_8), SafeFiles.PRIVATE_FILE);
    assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file is left");
    }
  }

  @Test
  void aWriteFailingMidWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = Files.writeString(dir.resolve("state"), "old");
    IOException e = assertThrows(IOException.class, () -> SafeFiles.writeAtomically(f, SafeFiles.PRIVATE_FILE, out -> {
      out.write("half of the n".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file is left");
    }
  }

  @Test
  void createDirectoriesRefusesALinkWhereTheDirectoryShouldBe() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dir.resolve("data"), elsewhere);
    assertThrows(IOException.class, () -> SafeFiles.createDirectories(link, SafeFiles.PRIVATE_DIR));
    Path fresh = dir.resolve("a/b");
    SafeFiles.createDirectories(fresh, SafeFiles.PRIVATE_DIR);
    assertTrue(Files.isDirectory(fresh));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
  }
}
