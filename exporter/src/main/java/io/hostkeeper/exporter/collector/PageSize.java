package io.hostkeeper.exporter.collector;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.function.LongSupplier;

/**
 * The host's memory page size ({@code getpagesize(3)} through JNA, asked once), which turns the
 * kernel's page counts into bytes. 0 when it cannot be asked: figures in pages are then absent.
 */
public final class PageSize {
  private static volatile long cached = -1;

  private PageSize() {}

  private static native int getpagesize();

  /** The page size of this host as a supplier (collectors take a supplier so tests can fix it). */
  public static final LongSupplier HOST = PageSize::host;

  public static long host() {
    long v = cached;
    if (v >= 0) return v;
    synchronized (PageSize.class) {
      if (cached < 0) {
        try {
          Native.register(PageSize.class, Platform.C_LIBRARY_NAME);
          cached = Math.max(0, getpagesize());
        } catch (LinkageError | RuntimeException e) {
          cached = 0;
        }
      }
      return cached;
    }
  }

  /** {@code pages} in bytes, or NaN when the page size is unknown. */
  static double bytes(double pages, long pageSize) {
    return pageSize > 0 ? pages * pageSize : Double.NaN;
  }
}
