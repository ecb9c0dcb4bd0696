package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.BackupConfig.UnreadablePolicy;
import io.hostkeeper.common.config.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which members a path source yields for include/exclude globs (directories only as needed). */
class ArchiveContentTest {
  @TempDir Path dir;

  List<String> members(SourceConfig source, Path root) throws Exception {
    ArchiveContent content = new ArchiveContent(List.of(source), UnreadablePolicy.FAIL, dir.resolve("scratch"), null);
    TarWriter tar = new TarWriter(new ByteArrayOutputStream());
    content.writeTo(tar);
    tar.close();
    String prefix = ArchiveContent.memberName(root);
    return tar.members().stream().map(m -> m.name().substring(prefix.length())).toList();
  }

  @Test
  void includeKeepsMatchesAndTheirDirectoriesExcludePrunes() throws Exception {
    Path root = Files.createDirectories(dir.resolve("src"));
    Files.createDirectories(root.resolve("conf/nested"));
    Files.createDirectories(root.resolve("cache/deep"));
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("top.yml"), "a");
    Files.writeString(root.resolve("notes.txt"), "b");
    Files.writeString(root.resolve("conf/nested/app.yml"), "c");
    Files.writeString(root.resolve("conf/nested/app.tmp"), "d");
    Files.writeString(root.resolve("cache/deep/x.yml"), "e");

    assertEquals(List.of("/", "/cache/", "/cache/deep/", "/cache/deep/x.yml", "/conf/", "/conf/nested/",
            "/conf/nested/app.tmp", "/conf/nested/app.yml", "/empty/", "/notes.txt", "/top.yml"),
        sorted(members(new SourceConfig(root, null, List.of(), List.of(), false), root)));

    assertEquals(List.of("/", "/conf/", "/conf/nested/", "/conf/nested/app.yml", "/top.yml"),
        sorted(members(new SourceConfig(root, null, List.of("**/*.yml"), List.of("cache"), false), root)));

    assertEquals(List.of("/", "/conf/", "/conf/nested/", "/conf/nested/app.yml", "/empty/", "/notes.txt", "/top.yml"),
        sorted(members(new SourceConfig(root, null, List.of(), List.of("*.tmp", "cache"), false), root)));
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }
}
