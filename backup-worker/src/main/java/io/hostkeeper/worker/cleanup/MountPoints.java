package io.hostkeeper.worker.cleanup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mount points of this process's mount namespace, from {@code /proc/self/mountinfo}. A bind
 * mount of a directory of the same file system keeps its device number, so the device comparison
 * alone would walk into it; cleanup treats every mount point below a root as another file system.
 */
@FunctionalInterface
public interface MountPoints {
  MountPoints REAL = () -> parse(Files.readString(Path.of("/proc/self/mountinfo")));

  Set<Path> current() throws IOException;

  /** Field 5 of each line (the mount point), its octal escapes ({@code \040}) undone. */
  static Set<Path> parse(String mountinfo) {
    Pattern octal = Pattern.compile("\\\\([0-7]{3})");
    Set<Path> out = new HashSet<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 5 || !f[4].startsWith("/")) continue;
      out.add(Path.of(octal.matcher(f[4]).replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 8)))));
    }
    return out;
  }
}
