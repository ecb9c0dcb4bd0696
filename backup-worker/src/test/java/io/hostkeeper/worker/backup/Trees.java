package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds a source tree with the awkward cases, and compares two trees exactly. */
final class Trees {
  private Trees() {}

  static final String LONG_NAME = "d".repeat(120) + "/" + "f".repeat(150) + ".txt";
  static final String UNICODE_NAME = "ünïcødé 日本語 ✓.txt";

  static Path build(Path root) throws IOException {
    Files.createDirectories(root.resolve("etc/conf.d"));
    Files.writeString(root.resolve("etc/app.conf"), "listen = 8080\nname = \"test\"\n");
    Files.writeString(root.resolve("etc/conf.d/extra.conf"), "x=1\n".repeat(1000));
    Files.createDirectories(root.resolve("empty/nested-empty"));
    Files.createDirectories(root.resolve(LONG_NAME).getParent());
    Files.writeString(root.resolve(LONG_NAME), "long name content");
    Files.writeString(root.resolve(UNICODE_NAME), "unicode ✓", StandardCharsets.UTF_8);
    byte[] random = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(random);
    Files.write(root.resolve("random.bin"), random);
    Files.write(root.resolve("zero-length"), new byte[0]);
    Files.writeString(root.resolve("script.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(root.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(root.resolve("etc/app.conf"), PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(root.resolve("etc/conf.d"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(root.resolve("link-to-conf"), Path.of("etc/app.conf"));
    Files.createSymbolicLink(root.resolve("etc/dangling"), Path.of("does-not-exist"));
    Files.writeString(root.resolve("skip.tmp"), "excluded");
    Files.setLastModifiedTime(root.resolve("etc/app.conf"), FileTime.from(Instant.parse("2020-02-29T12:34:56Z")));
    Files.setLastModifiedTime(root.resolve("empty/nested-empty"), FileTime.from(Instant.parse("2019-01-01T00:00:00Z")));
    return root;
  }

  /** Relative path → description (type, mode, mtime second, content or link target). */
  static TreeMap<String, Object> describe(Path root) throws IOException {
    TreeMap<String, Object> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString();
        if (rel.isEmpty()) continue;
        if (Files.isSymbolicLink(p)) {
          m.put(rel, "link -> " + Files.readSymbolicLink(p));
          continue;
        }
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        long mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().getEpochSecond();
        if (Files.isDirectory(p)) m.put(rel, "dir " + perms + " " + mtime);
        else m.put(rel, new FileDesc(perms, mtime, Files.readAllBytes(p)));
      }
    }
    return m;
  }

  record FileDesc(String perms, long mtime, byte[] content) {}

  static void assertSame(Path expected, Path actual) throws IOException {
    TreeMap<String, Object> a = describe(expected);
    TreeMap<String, Object> b = describe(actual);
    assertEquals(a.keySet(), b.keySet(), "same entries");
    for (String k : a.keySet()) {
      Object x = a.get(k);
      Object y = b.get(k);
      if (x instanceof FileDesc fx && y instanceof FileDesc fy) {
        assertEquals(fx.perms(), fy.perms(), k + " permissions");
        assertEquals(fx.mtime(), fy.mtime(), k + " mtime");
        assertArrayEquals(fx.content(), fy.content(), k + " content");
      } else {
        assertEquals(x, y, k);
      }
    }
  }
}
