package io.hostkeeper.exporter.collector.timex;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;

/**
 * adjtimex(2) with {@code modes = 0} (read only; needs no privilege) through JNA direct mapping.
 * In glibc's {@code struct timex} every field up to {@code tai} takes one {@code long} slot (the
 * {@code int} fields are padded to one on 64-bit, and are one on 32-bit), so the fields are read at
 * word offsets: modes 0, offset 1, freq 2, maxerror 3, esterror 4, status 5, constant 6, precision 7,
 * tolerance 8, time 9-10, tick 11, ppsfreq 12, jitter 13, shift 14, stabil 15, jitcnt 16, calcnt 17,
 * errcnt 18, stbcnt 19, tai 20.
 */
public final class Adjtimex {
  private static final int W = NativeLong.SIZE;
  private static volatile boolean registered;

  private static native int adjtimex(Memory buf);

  private Adjtimex() {}

  /** True where adjtimex can be called (Linux). */
  public static boolean available() {
    return Platform.isLinux();
  }

  private static synchronized void register() {
    if (!registered) {
      Native.register(Adjtimex.class, Platform.C_LIBRARY_NAME);
      registered = true;
    }
  }

  /** One read of the kernel's values. */
  public static TimexValues read() throws IOException {
    if (!registered) register();
    Memory m = new Memory(512);
    m.clear();
    int state = adjtimex(m);
    if (state < 0) throw new IOException("adjtimex failed: errno " + Native.getLastError());
    return new TimexValues(state, word(m, 1), word(m, 2), word(m, 3), word(m, 4), m.getInt(5L * W), word(m, 6),
        word(m, 11), word(m, 12), word(m, 13), m.getInt(14L * W), word(m, 15), word(m, 16), word(m, 17), word(m, 18),
        word(m, 19), m.getInt(20L * W));
  }

  private static long word(Memory m, int slot) {
    return W == 8 ? m.getLong((long) slot * W) : m.getInt((long) slot * W);
  }
}
