package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class ZstdFramesTest {
  private static final TarWriter.Attrs ATTRS = new TarWriter.Attrs(0644, 1_700_000_000_000L, 0, 0);

  @Test
  void randomBytesAreIncompressibleTextAndZerosAndShortSamplesAreNot() {
    byte[] scratch = new byte[(int) com.github.luben.zstd.Zstd.compressBound(256 << 10)];
    assertTrue(ZstdFrames.incompressible(random(64 << 10, 1), 64 << 10, scratch));
    assertFalse(ZstdFrames.incompressible(text(64 << 10), 64 << 10, scratch));
    assertFalse(ZstdFrames.incompressible(new byte[64 << 10], 64 << 10, scratch));
    assertFalse(ZstdFrames.incompressible(random(4 << 10, 2), 4 << 10, scratch), "too short to judge");
  }

  @Test
  void onlyLargeIncompressibleMembersGetTheFastLevel() throws IOException {
    byte[] noise = random(64 << 10, 3);
    try (ZstdFrames z = new ZstdFrames(OutputStream.nullOutputStream(), 5, 0)) {
      assertEquals(ZstdFrames.FAST_LEVEL, z.levelFor(ZstdFrames.FAST_PATH_MIN_SIZE, noise, noise.length));
      assertEquals(5, z.levelFor(ZstdFrames.FAST_PATH_MIN_SIZE - 1, noise, noise.length), "small member");
      assertEquals(5, z.levelFor(10 << 20, text(64 << 10), 64 << 10), "compressible member");
    }
    try (ZstdFrames z = new ZstdFrames(OutputStream.nullOutputStream(), 1, 0)) {
      assertEquals(1, z.levelFor(10 << 20, noise, noise.length), "level 1 configured: nothing to switch");
    }
  }

  /**
   * text, random, text: three frames (default level, fast, default level), every frame with its checksum, and
   * the whole decodes (as the restore reads it) to exactly the tar written without compression.
   */
  @Test
  void anIncompressibleMemberGetsItsOwnFrameAndTheStreamStillDecodesToTheSameTar() throws IOException {
    byte[] a = text(3 << 20);
    byte[] b = random(2 << 20, 4);
    byte[] c = text(2 << 20);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    ZstdFrames z = (ZstdFrames) Codecs.compress(compressed, Compression.ZSTD, null);
    try (TarWriter tar = new TarWriter(z, z)) {
      tar.file("a.log", a.length, ATTRS, new ByteArrayInputStream(a));
      assertEquals(Codecs.ZSTD_DEFAULT_LEVEL, z.currentLevel());
      tar.file("b.bin", b.length, ATTRS, new ByteArrayInputStream(b));
      assertEquals(ZstdFrames.FAST_LEVEL, z.currentLevel());
      tar.file("c.log", c.length, ATTRS, new ByteArrayInputStream(c));
      assertEquals(Codecs.ZSTD_DEFAULT_LEVEL, z.currentLevel());
    }
    assertEquals(3, z.frames());
    List<Boolean> checksums = frameChecksumFlags(compressed.toByteArray());
    assertEquals(List.of(true, true, true), checksums, "three frames, each with its content checksum");

    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (TarWriter tar = new TarWriter(plain)) {
      tar.file("a.log", a.length, ATTRS, new ByteArrayInputStream(a));
      tar.file("b.bin", b.length, ATTRS, new ByteArrayInputStream(b));
      tar.file("c.log", c.length, ATTRS, new ByteArrayInputStream(c));
    }
    try (InputStream in = Codecs.decompress(new ByteArrayInputStream(compressed.toByteArray()), Compression.ZSTD)) {
      assertArrayEquals(plain.toByteArray(), in.readAllBytes());
    }
    assertTrue(compressed.size() < a.length / 3 + b.length + c.length / 3, "text still compressed: " + compressed.size());
  }

  @Test
  void manySmallWritesGiveTheSameStreamAsOneLargeWrite() throws IOException {
    byte[] data = text(1 << 20);
    ByteArrayOutputStream small = new ByteArrayOutputStream();
    try (ZstdFrames z = new ZstdFrames(small, 5, 0)) {
      for (int off = 0; off < data.length; off += 512) z.write(data, off, Math.min(512, data.length - off));
      z.write('!');
    }
    try (InputStream in = Codecs.decompress(new ByteArrayInputStream(small.toByteArray()), Compression.ZSTD)) {
      byte[] expected = Arrays.copyOf(data, data.length + 1);
      expected[data.length] = '!';
      assertArrayEquals(expected, in.readAllBytes());
    }
  }

  /** Walks the zstd frames of {@code s} (RFC 8878 §3.1.1) and returns each frame's content-checksum flag. */
  public static List<Boolean> frameChecksumFlags(byte[] s) {
    List<Boolean> flags = new ArrayList<>();
    int p = 0;
    while (p < s.length) {
      assertEquals(0xFD2FB528, le32(s, p), "frame magic at " + p);
      p += 4;
      int fhd = s[p++] & 0xff;
      boolean single = (fhd & 0x20) != 0;
      boolean checksum = (fhd & 0x04) != 0;
      int dictIdSize = new int[] {0, 1, 2, 4}[fhd & 3];
      int fcsFlag = fhd >>> 6;
      int fcsSize = fcsFlag == 0 ? (single ? 1 : 0) : new int[] {0, 2, 4, 8}[fcsFlag];
      p += (single ? 0 : 1) + dictIdSize + fcsSize;
      boolean last = false;
      while (!last) {
        int header = (s[p] & 0xff) | (s[p + 1] & 0xff) << 8 | (s[p + 2] & 0xff) << 16;
        p += 3;
        last = (header & 1) != 0;
        int type = (header >>> 1) & 3;
        int size = header >>> 3;
        p += type == 1 ? 1 : size; // RLE blocks carry one byte
      }
      if (checksum) p += 4;
      flags.add(checksum);
    }
    return flags;
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }

  public static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static byte[] text(int n) {
    StringBuilder sb = new StringBuilder(n + 200);
    Random r = new Random(5);
    while (sb.length() < n) {
      sb.append("10.0.").append(r.nextInt(256)).append('.').append(r.nextInt(256))
          .append(" - - \"GET /api/v1/items/").append(r.nextInt(1000)).append(" HTTP/1.1\" 200 ").append(r.nextInt(90000)).append('\n');
    }
    return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }
}
