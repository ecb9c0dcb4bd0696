package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify ARCHIVE|--latest BACKUP --key PRIVATE.asc}: a restore drill that writes nothing,
 * checks every hash and reports everything restore would refuse. Exit codes: see {@link ArchiveCommands}.
 * A passing verify of a catalogued archive (with {@code --latest}, or an ARCHIVE with {@code --config})
 * is recorded as the backup's last full verify ({@code hostkeeper_backup_last_verified_timestamp_seconds}).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Decrypt and read a whole archive without writing anything; check every hash and report what restore"
        + " would refuse. Exit 0 all matched, 1 problems, 2 usage error, 3 not an archive.")
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ARCHIVE", arity = "0..1") String archive;
  @Option(names = "--latest", paramLabel = "BACKUP", description = "The newest catalogued archive of this backup (needs the configuration).")
  String latest;
  @Option(names = "--key", required = true, paramLabel = "PRIVATE.asc") Path key;
  @Option(names = "--passphrase-file", paramLabel = "FILE") Path passphraseFile;
  @Option(names = "--allow-absolute-links", description = "Check as a restore with --allow-absolute-links would.")
  boolean allowAbsoluteLinks;
  @Mixin CommonOptions common = new CommonOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ArchiveCommands.Target t = ArchiveCommands.target(archive == null ? null : java.util.List.of(archive), latest, common);
    int code = ArchiveCommands.run(t.archive(), key, passphraseFile,
        ArchiveRestorer.Options.verify().withAbsoluteLinks(allowAbsoluteLinks), spec);
    if (code == ArchiveCommands.OK) ArchiveCommands.recordVerified(t.archive(), latest, common, spec);
    return code;
  }
}
