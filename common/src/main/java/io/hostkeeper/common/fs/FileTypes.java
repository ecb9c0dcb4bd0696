package io.hostkeeper.common.fs;

/** Names of the file types in a {@code st_mode}, for messages. */
final class FileTypes {
  private FileTypes() {}

  /** Null for a regular file, else what it is ("a FIFO (named pipe)", "a directory", ...). */
  static String describe(int stMode) {
    return switch (stMode & 0170000) {
      case 0100000 -> null;
      case 0010000 -> "a FIFO (named pipe)";
      case 0020000 -> "a character device";
      case 0040000 -> "a directory";
      case 0060000 -> "a block device";
      case 0120000 -> "a symbolic link";
      case 0140000 -> "a socket";
      default -> "not a regular file";
    };
  }
}
