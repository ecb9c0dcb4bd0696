package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hostkeeper.common.config.BackupConfig.Compression;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The compression of a decrypted archive, from its first bytes, never from the file name. */
class FormatDetectionTest {
  static byte[] head(Compression c) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream z = Codecs.compress(bytes, c, null); TarWriter tar = new TarWriter(z)) {
      tar.unlisted("x", "content".getBytes(StandardCharsets.UTF_8), 0);
    }
    return bytes.toByteArray();
  }

  @Test
  void eachCodecIsFoundFromItsContent() throws Exception {
    assertEquals(Compression.ZSTD, ArchiveStream.detect(head(Compression.ZSTD)));
    assertEquals(Compression.GZIP, ArchiveStream.detect(head(Compression.GZIP)));
    assertEquals(Compression.NONE, ArchiveStream.detect(head(Compression.NONE)));
  }

  @Test
  void anythingElseIsNotAnArchive() {
    assertNull(ArchiveStream.detect("just text, not a tar".getBytes(StandardCharsets.UTF_8)));
    assertNull(ArchiveStream.detect(new byte[512]));
    assertNull(ArchiveStream.detect(new byte[0]));
  }
}
