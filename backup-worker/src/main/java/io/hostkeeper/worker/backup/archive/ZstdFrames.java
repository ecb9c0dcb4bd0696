package io.hostkeeper.worker.backup.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The zstd side of an archive: what the tar writes is gathered into large writes (the tar hands
 * over 512-byte records, and every write into zstd is a native call), and a file member whose
 * first bytes do not compress is written at {@link #FAST_LEVEL} instead of the configured level.
 *
 * <p>A change of level ends the current zstd frame and starts the next one at the new level. The
 * result is a series of complete frames, which is one valid zstd stream: {@code zstd -d},
 * {@code gpg -d | zstd -d | tar -x} and the restore read it as a single tar. On incompressible data
 * (random, already-compressed media) the higher levels spend many times level 1's CPU for the same
 * size (both store it in raw blocks).
 */
public final class ZstdFrames extends OutputStream implements TarWriter.ContentProbe {
  /** The level for members that do not compress: on random data zstd level 1 runs at memory speed. */
  public static final int FAST_LEVEL = 1;
  /** Smaller members stay in the current frame: a frame change waits for the workers to finish. */
  static final long FAST_PATH_MIN_SIZE = 1 << 20;
  /** A sample shorter than this says too little to decide. */
  static final int MIN_SAMPLE = 16 << 10;
  private static final int BUFFER = 256 << 10;

  private final ZstdOutputStreamNoFinalizer zstd;
  private final int level;
  private final int workers;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int current;
  private byte[] trial;
  private int frames = 1;

  /**
   * @param out receives the compressed frames and is closed by {@link #close()}
   * @param level the configured level, used for everything that compresses
   * @param workers zstd's own threads (0: compress on the calling thread)
   */
  public ZstdFrames(OutputStream out, int level, int workers) throws IOException {
    this.level = level;
    this.workers = workers;
    this.current = level;
    this.zstd = new ZstdOutputStreamNoFinalizer(out, level);
    try {
      zstd.setChecksum(true).setWorkers(workers).setCloseFrameOnFlush(true);
    } catch (IOException | RuntimeException e) {
      zstd.close();
      throw e;
    }
  }

  /** How many frames were started so far (for tests). */
  int frames() {
    return frames;
  }

  /** The level the next bytes are compressed at. */
  int currentLevel() {
    return current;
  }

  @Override
  public void beforeContent(long size, byte[] head, int length) throws IOException {
    int want = levelFor(size, head, length);
    if (want == current) return;
    drain();
    zstd.flush(); // ends the frame (close-frame-on-flush); parameters may change only between frames
    zstd.setLevel(want).setChecksum(true).setWorkers(workers);
    current = want;
    frames++;
  }

  /** The level for a member of {@code size} bytes that starts with {@code head[0..length)}. */
  int levelFor(long size, byte[] head, int length) {
    if (level <= FAST_LEVEL || size < FAST_PATH_MIN_SIZE) return level;
    if (trial == null) trial = new byte[(int) Zstd.compressBound(BUFFER)];
    return incompressible(head, length, trial) ? FAST_LEVEL : level;
  }

  /**
   * Whether {@code data[0..length)} saves less than 3 % at zstd level 1 (a sample of at least
   * {@link #MIN_SAMPLE} bytes; shorter samples count as compressible).
   */
  static boolean incompressible(byte[] data, int length, byte[] scratch) {
    if (length < MIN_SAMPLE) return false;
    int n = Math.min(length, BUFFER);
    long size = Zstd.compressByteArray(scratch, 0, scratch.length, data, 0, n, FAST_LEVEL);
    if (Zstd.isError(size)) return false;
    return size * 100 >= n * 97L;
  }

  @Override
  public void write(int b) throws IOException {
    if (pos == buf.length) drain();
    buf[pos++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len >= buf.length) {
      drain();
      zstd.write(b, off, len);
      return;
    }
    if (len > buf.length - pos) drain();
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  private void drain() throws IOException {
    if (pos > 0) {
      zstd.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Nothing: a flush would end the frame. What is buffered goes out with the next write or close. */
  @Override
  public void flush() {
    // deliberately empty
  }

  /** Ends the last frame and closes the stream below. */
  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      zstd.close();
    }
  }
}
