package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.CatalogueEntry;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import java.time.Instant;
import io.hostkeeper.worker.backup.check.CheckState;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What restore, verify and contents share: finding the archive (a file, or the newest catalogued
 * archive of a backup), the key and passphrase, running {@link ArchiveRestorer}, and the exit codes:
 * 0 everything matched, 1 problems (listed) or an archive refused as unsafe or damaged, 2 a usage
 * error (key, passphrase, target), 3 a file this tool cannot read as an archive.
 */
final class ArchiveCommands {
  static final int OK = 0;
  static final int PROBLEMS = 1;
  static final int NOT_AN_ARCHIVE = 3;

  /**
   * The archive and the paths of a partial restore, from the positional arguments; with
   * {@code --latest}, also the member list the catalogue keeps for it (null otherwise).
   */
  record Target(Path archive, List<String> paths, String cataloguedManifest) {}

  private ArchiveCommands() {}

  /** Positional arguments are ARCHIVE [PATH...], or with --latest BACKUP only PATH... */
  static Target target(List<String> positional, String latest, CommonOptions common) {
    List<String> args = positional == null ? List.of() : positional;
    if (latest == null) {
      if (args.isEmpty()) throw new StartupFailure("give the ARCHIVE to read, or --latest BACKUP for the newest catalogued one");
      return new Target(existing(Path.of(args.get(0))), List.copyOf(args.subList(1, args.size())), null);
    }
    LoadedConfig loaded = common.loadConfig();
    CliSupport.backup(loaded, latest);
    BackupCatalogue catalogue = new BackupCatalogue(CliSupport.stateDb(CliSupport.dataDir(loaded)));
    CatalogueEntry e = catalogue.latest(latest).orElseThrow(() -> new StartupFailure("backup '" + latest
        + "' has no archive in the catalogue yet; run `backup run " + latest + "` or give an ARCHIVE file"));
    if (!Files.isRegularFile(e.path())) {
      throw new StartupFailure("the newest archive of '" + latest + "', " + e.path() + ", is catalogued but its file is"
          + " missing; see `backup list " + latest + "`");
    }
    return new Target(e.path(), List.copyOf(args), e.manifestJson());
  }

  /**
   * Records a passing verify as the last full verify of the archive's backup, in the worker's state
   * database: for {@code --latest BACKUP}, or for an ARCHIVE named with {@code --config} that the
   * catalogue knows. Without either (a restore-only machine) nothing is written anywhere.
   */
  static void recordVerified(Path archive, String latest, CommonOptions common, CommandSpec spec) {
    if (latest == null && common.configFile().isEmpty()) return;
    PrintWriter err = spec.commandLine().getErr();
    try {
      LoadedConfig loaded = common.loadConfig();
      Path dataDir = CliSupport.dataDir(loaded);
      if (!Files.isRegularFile(dataDir.resolve(io.hostkeeper.worker.history.StateDatabase.FILE_NAME))) return;
      Jdbi db = CliSupport.stateDb(dataDir);
      String backup = latest;
      if (backup == null) {
        BackupCatalogue catalogue = new BackupCatalogue(db);
        String file = archive.getFileName().toString();
        backup = loaded.config().backups().stream().map(b -> b.name())
            .filter(n -> catalogue.find(n, file).isPresent()).findFirst().orElse(null);
      }
      if (backup == null) return;
      new CheckState(db).verified(backup, Instant.now());
      spec.commandLine().getOut().println("recorded as the last full verify of backup '" + backup + "'");
    } catch (RuntimeException e) {
      err.println("note: the verify passed but could not be recorded in the worker's state database: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private static Path existing(Path archive) {
    if (!Files.isRegularFile(archive)) throw new StartupFailure(archive + ": no such archive");
    return archive;
  }

  /** Runs a restore (target set) or a verify and prints the outcome; returns the exit code. */
  static int run(Path archive, Path key, Path passphraseFile, ArchiveRestorer.Options options, CommandSpec spec) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String verb = options.target() == null ? "verify" : "restore";
    var keys = keys(key);
    char[] passphrase = CliSupport.passphrase(passphraseFile, keys, key);
    ProgressBar bar = ProgressBar.onTerminal(err, size(archive));
    try {
      ArchiveRestorer.Report r = ArchiveRestorer.run(archive, keys, passphrase, options.withProgress(bar));
      if (bar != null) bar.done();
      out.printf("%s: %d files, %d directories, %d symlinks, %s%s%n",
          options.target() == null ? "verified" : "restored to " + options.target(),
          r.files(), r.directories(), r.symlinks(), CliSupport.bytes(r.bytes()),
          r.sideManifestChecked() ? "; checked against " + archive.getFileName() + ".manifest.json" : "");
      for (String n : r.notes()) out.println("note from the backup run: " + n);
      for (String p : r.problems()) err.println("problem: " + p);
      if (!r.ok()) {
        err.println(verb + " FAILED: " + r.problems().size() + " problem(s)");
        return PROBLEMS;
      }
      out.println("all hashes match");
      return OK;
    } catch (ArchiveRestorer.NotAnArchive e) {
      if (bar != null) bar.done();
      err.println(verb + ": " + e.getMessage());
      return NOT_AN_ARCHIVE;
    } catch (ArchiveRestorer.Unsafe e) {
      if (bar != null) bar.done();
      err.println(verb + " REFUSED: " + e.getMessage());
      return PROBLEMS;
    } catch (KeyProblem | ArchiveRestorer.Refused e) {
      if (bar != null) bar.done();
      throw new StartupFailure(e.getMessage(), e);
    } catch (IOException e) {
      if (bar != null) bar.done();
      err.println(verb + " FAILED: " + e.getMessage());
      return PROBLEMS;
    }
  }

  static org.bouncycastle.openpgp.PGPSecretKeyRingCollection keys(Path key) {
    try {
      return PgpDecryption.readSecretKeys(key);
    } catch (KeyProblem e) {
      throw new StartupFailure(e.getMessage(), e);
    }
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
