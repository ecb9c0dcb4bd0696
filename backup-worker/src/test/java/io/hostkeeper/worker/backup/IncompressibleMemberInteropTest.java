package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.ZstdFramesTest;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large member that does not compress is written in a zstd frame of its own (at the fast level);
 * the archive is then several frames, and stock gpg, zstd and tar still restore it byte for byte,
 * as does our own restore.
 */
class IncompressibleMemberInteropTest {
  @TempDir Path dir;

  @Test
  void anArchiveOfSeveralZstdFramesRestoresWithStockTools() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
      String fpr = gpg.generate("Frames <frames@example.org>", "ed25519", "cv25519");
      Path pub = gpg.exportPublic(fpr, dir.resolve("pub.asc"));
      Path src = Files.createDirectories(dir.resolve("src"));
      Files.write(src.resolve("a-media.bin"), ZstdFramesTest.random(2 << 20, 11));
      Files.write(src.resolve("b-access.log"), ZstdFramesTest.text(2 << 20));
      Files.write(src.resolve("c-more.bin"), ZstdFramesTest.random(1 << 20, 12));
      Files.writeString(src.resolve("d-small.txt"), "small\n");
      var config = TestBackups.config("frames", List.of(TestBackups.path(src)), List.of(pub), dir.resolve("dest"), null);
      var result = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"),
          Clock.systemUTC(), null, null).run();

      Path plain = dir.resolve("plain.tar.zst");
      gpg.ok(plain, "--decrypt", result.archive().path().toString());
      assertEquals(result.manifest().plaintext().sha256(), GpgInteropTest.sha256(plain));
      int frames = ZstdFramesTest.frameChecksumFlags(Files.readAllBytes(plain)).size();
      assertTrue(frames >= 2, "incompressible members in frames of their own: " + frames + " frame(s)");

      Path zstdBin = RealStack.require("zstd", "zstd");
      Process zstd = new ProcessBuilder(zstdBin.toString(), "-d", "-q", "-f", plain.toString(), "-o", dir.resolve("plain.tar").toString())
          .inheritIO().start();
      assertEquals(0, zstd.waitFor());
      Path out = Files.createDirectories(dir.resolve("out"));
      Process tar = new ProcessBuilder("tar", "-x", "-p", "-f", dir.resolve("plain.tar").toString(), "-C", out.toString())
          .inheritIO().start();
      assertEquals(0, tar.waitFor());
      Files.delete(out.resolve(".hostkeeper-manifest.json"));
      Trees.assertSame(src, out.resolve(GpgInteropTest.ArchiveContentAccess.memberName(src)));

      Path sec = gpg.exportSecret(fpr, dir.resolve("secret.asc"));
      Path restored = dir.resolve("restored");
      var report = ArchiveRestorer.run(result.archive().path(), PgpDecryption.readSecretKeys(sec), null, restored, false, null);
      assertTrue(report.ok(), report.problems().toString());
      Trees.assertSame(src, restored.resolve(GpgInteropTest.ArchiveContentAccess.memberName(src)));
    }
  }
}
