package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import io.hostkeeper.worker.backup.archive.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backup contents ARCHIVE|--latest NAME [--key K [--passphrase-file F]]}: the members of an
 * archive. With a key they are read from the archive itself (and every hash checked, as verify
 * does); without one from the worker's catalogue (with {@code --latest}), or from the manifest
 * beside the archive when that lists members (an earlier version's full side manifest).
 */
@Command(name = "contents", mixinStandardHelpOptions = true,
    description = "List an archive's members: from the archive itself with --key (checking every hash), else from"
        + " the worker's catalogue (--latest), else from ARCHIVE.manifest.json when it lists them.")
public final class BackupContents implements Callable<Integer> {
  @Parameters(paramLabel = "ARCHIVE", arity = "0..1") String archive;
  @Option(names = "--latest", paramLabel = "BACKUP", description = "The newest catalogued archive of this backup.") String latest;
  @Option(names = "--key", paramLabel = "PRIVATE.asc", description = "Read the members from the archive with this private key.") Path key;
  @Option(names = "--passphrase-file", paramLabel = "FILE") Path passphraseFile;
  @Mixin CommonOptions common = new CommonOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ArchiveCommands.Target t = ArchiveCommands.target(archive == null ? null : List.of(archive), latest, common);
    PrintWriter out = spec.commandLine().getOut();
    if (key != null) {
      return ArchiveCommands.run(t.archive(), key, passphraseFile,
          ArchiveRestorer.Options.verify().withLister(m -> out.println(line(m))), spec);
    }
    Path side = t.archive().resolveSibling(t.archive().getFileName() + ArchiveWriter.MANIFEST_SUFFIX);
    List<Manifest.Member> members = catalogued(t);
    if (members.isEmpty()) members = sideMembers(side);
    if (members.isEmpty()) {
      throw new StartupFailure(side + " lists no members (the list is inside the encrypted archive); give --key"
          + " PRIVATE.asc to read them from the archive, or --latest BACKUP --config FILE for the worker's catalogue");
    }
    members.forEach(m -> out.println(line(m)));
    return 0;
  }

  private static List<Manifest.Member> catalogued(ArchiveCommands.Target t) {
    if (t.cataloguedManifest() == null || t.cataloguedManifest().isBlank()) return List.of();
    try {
      return Manifest.fromJson(t.cataloguedManifest()).members();
    } catch (IOException | RuntimeException e) {
      return List.of(); // an unreadable catalogue row: fall back to the side manifest or the key
    }
  }

  private static List<Manifest.Member> sideMembers(Path side) {
    try {
      if (!Files.isRegularFile(side, LinkOption.NOFOLLOW_LINKS)) return List.of();
      if (Files.size(side) > ArchiveRestorer.defaultManifestLimit()) {
        throw new StartupFailure(side + " is too large to list; give --key PRIVATE.asc to read the members from the archive");
      }
      return Manifest.fromJson(Files.readString(side, StandardCharsets.UTF_8)).members();
    } catch (IOException e) {
      throw new StartupFailure(side + " cannot be read as a manifest (" + e.getMessage().lines().findFirst().orElse("")
          + "); give --key PRIVATE.asc to read the members from the archive", e);
    }
  }

  /** {@code file     0644      1234  2026-11-21T02:00:00Z  opt/app/x.conf} (and {@code -> target} for links). */
  static String line(Manifest.Member m) {
    return String.format(Locale.ROOT, "%-8s %04o %12d  %s  %s%s", m.type(), m.mode() & 07777, m.size(),
        Instant.ofEpochSecond(m.mtime()), m.name(), m.link() == null ? "" : " -> " + m.link());
  }
}
