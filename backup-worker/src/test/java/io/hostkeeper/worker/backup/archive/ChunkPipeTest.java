package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {
  @Test
  void transfersExactlyAndTheReaderMayCloseRightAfterEof() throws Exception {
    Random random = new Random(1);
    for (int round = 0; round < 300; round++) {
      byte[] data = new byte[random.nextInt(5000)];
      random.nextBytes(data);
      ChunkPipe pipe = new ChunkPipe(64, 2);
      AtomicReference<Throwable> writerError = new AtomicReference<>();
      Thread w = new Thread(() -> {
        try (OutputStream out = pipe.output()) {
          for (int off = 0; off < data.length; off += 7) out.write(data, off, Math.min(7, data.length - off));
        } catch (Throwable t) {
          writerError.set(t);
        }
      });
      w.start();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in = pipe.input()) {
        in.transferTo(got);
      }
      w.join();
      assertNull(writerError.get(), "round " + round);
      assertArrayEquals(data, got.toByteArray());
    }
  }

  /** Chunks the reader is done with are filled again by the writer: reads of any size still see every byte once, in order. */
  @Test
  void reusedChunksNeverMixBytesWhateverTheReadSizes() throws Exception {
    Random random = new Random(2);
    byte[] data = new byte[200_000];
    random.nextBytes(data);
    ChunkPipe pipe = new ChunkPipe(1000, 2);
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    Thread w = new Thread(() -> {
      Random sizes = new Random(3);
      try (OutputStream out = pipe.output()) {
        for (int off = 0; off < data.length; ) {
          int n = Math.min(1 + sizes.nextInt(3000), data.length - off);
          out.write(data, off, n);
          off += n;
        }
      } catch (Throwable t) {
        writerError.set(t);
      }
    });
    w.start();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = pipe.input()) {
      byte[] buf = new byte[2500];
      for (int n; (n = in.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0; ) got.write(buf, 0, n);
    }
    w.join();
    assertNull(writerError.get());
    assertArrayEquals(data, got.toByteArray());
  }

  @Test
  void writerFailureReachesTheReader() throws Exception {
    ChunkPipe pipe = new ChunkPipe(16, 1);
    Thread w = new Thread(() -> {
      try {
        pipe.output().write(new byte[100]);
      } catch (IOException ignored) {
        // the reader is still reading
      }
      pipe.failWriter(new IOException("source vanished"));
    });
    w.start();
    var e = assertThrows(IOException.class, () -> pipe.input().transferTo(OutputStream.nullOutputStream()));
    assertEquals("source vanished", e.getMessage());
    w.join();
  }

  @Test
  void closedReaderStopsABlockedWriter() throws Exception {
    ChunkPipe pipe = new ChunkPipe(16, 1);
    pipe.input().close();
    assertThrows(IOException.class, () -> pipe.output().write(new byte[1000]));
  }
}
