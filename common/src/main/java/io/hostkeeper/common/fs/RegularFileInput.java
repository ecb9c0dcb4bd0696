package io.hostkeeper.common.fs;

import java.io.InputStream;

/**
 * A regular file open for reading, with the attributes of the open file itself (taken with fstat on
 * the descriptor, not by the path that another user may have changed since).
 */
public abstract class RegularFileInput extends InputStream {

  /**
   * @param size bytes at open time
   * @param mode permission bits (07777)
   * @param key device and inode, to tell whether two opens saw the same file
   */
  public record Attributes(long size, int mode, int uid, int gid, long mtimeMillis, String key) {}

  private final Attributes attributes;

  protected RegularFileInput(Attributes attributes) {
    this.attributes = attributes;
  }

  public Attributes attributes() {
    return attributes;
  }
}
