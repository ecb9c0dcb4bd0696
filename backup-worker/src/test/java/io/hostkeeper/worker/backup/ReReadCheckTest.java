package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check after writing reads the stored file back: a byte changed between the encryption (whose
 * output is hashed) and the disk, as a faulty write path would, fails the run; no archive is
 * published and nothing is catalogued.
 */
class ReReadCheckTest {
  @TempDir Path dir;

  @Test
  void aByteFlippedOnTheWayToTheDiskFailsTheRun() throws Exception {
    assertCaught(out -> new FilterOutputStream(out) {
      private long at;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        if (at <= 5000 && at + len > 5000) copy[(int) (5000 - at)] ^= 0x01;
        at += len;
        out.write(copy, 0, len);
      }
    }, "archive check failed");
  }

  @Test
  void bytesLostOnTheWayToTheDiskFailTheRun() throws Exception {
    assertCaught(out -> new FilterOutputStream(out) {
      private boolean dropped;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!dropped && len > 10) {
          dropped = true;
          out.write(b, off, len - 10);
          return;
        }
        out.write(b, off, len);
      }
    }, "archive check failed");
  }

  private void assertCaught(ArchiveWriter.StreamWrapper fault, String message) throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    Path dest = dir.resolve("dest");
    BackupCatalogue catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    IOException e = assertThrows(IOException.class,
        () -> new BackupRunner(config, catalogue, dir.resolve("data"), Clock.systemUTC(), fault, null).run());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    try (Stream<Path> s = Files.list(dest)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".hk-lock-")).toList());
    }
    assertEquals(List.of(), catalogue.list("app"));
  }
}
