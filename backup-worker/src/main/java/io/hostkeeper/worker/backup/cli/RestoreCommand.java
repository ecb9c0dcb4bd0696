package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code restore ARCHIVE|--latest BACKUP --key PRIVATE.asc [--passphrase-file F] --to DIR [--force]
 * [--allow-absolute-links] [PATH...]}. Exit codes: see {@link ArchiveCommands}.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore an archive (or only some PATHs of it) into a directory, checking every hash against its"
        + " manifest. Exit 0 all matched, 1 problems or a refused archive, 2 usage error, 3 not an archive.")
public final class RestoreCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ARCHIVE [PATH...]", arity = "0..*",
      description = "The archive (.tar.zst.gpg), then optionally the paths to restore (as on the source host; all by default).")
  List<String> args;
  @Option(names = "--latest", paramLabel = "BACKUP", description = "The newest catalogued archive of this backup (needs the configuration).")
  String latest;
  @Option(names = "--key", required = true, paramLabel = "PRIVATE.asc", description = "The private key (armored or binary).") Path key;
  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "File whose first line is the key's passphrase (asked on the terminal when absent and needed).")
  Path passphraseFile;
  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target directory (empty or new unless --force).") Path to;
  @Option(names = "--force", description = "Restore into a non-empty directory, overwriting files.") boolean force;
  @Option(names = "--allow-absolute-links",
      description = "Also create symlinks with absolute targets (e.g. /etc/localtime); off by default.")
  boolean allowAbsoluteLinks;
  @Mixin CommonOptions common = new CommonOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ArchiveCommands.Target t = ArchiveCommands.target(args, latest, common);
    ArchiveRestorer.Options o = ArchiveRestorer.Options.verify().withTarget(to, force)
        .withAbsoluteLinks(allowAbsoluteLinks).withOnly(t.paths());
    return ArchiveCommands.run(t.archive(), key, passphraseFile, o, spec);
  }
}
