package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code restore ARCHIVE --key PRIVATE.asc [--passphrase-file F] --to DIR [--force]}. Exit 0 when
 * every hash matched, 1 when the archive restored with problems (listed), 2 for a usage error.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore an archive into a directory, checking every hash against its manifest.")
public final class RestoreCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ARCHIVE", description = "The .tar.zst.gpg archive.") Path archive;
  @Option(names = "--key", required = true, paramLabel = "PRIVATE.asc", description = "The private key (armored or binary).") Path key;
  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File whose first line is the key's passphrase.") Path passphraseFile;
  @Option(names = "--to", required = true, paramLabel = "DIR", description = "Target directory (empty or new unless --force).") Path to;
  @Option(names = "--force", description = "Restore into a non-empty directory, overwriting files.") boolean force;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return run(archive, key, passphraseFile, to, force, spec);
  }

  static int run(Path archive, Path key, Path passphraseFile, Path to, boolean force, CommandSpec spec) {
    if (!Files.isRegularFile(archive)) throw new StartupFailure(archive + ": no such archive");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = System.console() != null ? new ProgressBar(err, size(archive)) : null;
    try {
      var keys = PgpDecryption.readSecretKeys(key);
      ArchiveRestorer.Report r = ArchiveRestorer.run(archive, keys, CliSupport.passphrase(passphraseFile), to, force,
          bar == null ? null : bar);
      if (bar != null) bar.done();
      out.printf("%s: %d files, %d directories, %d symlinks, %s%s%n", to == null ? "verified" : "restored to " + to,
          r.files(), r.directories(), r.symlinks(), CliSupport.bytes(r.bytes()),
          r.sideManifestChecked() ? "; checked against " + archive.getFileName() + ".manifest.json" : "");
      for (String p : r.problems()) err.println("problem: " + p);
      if (!r.ok()) {
        err.println((to == null ? "verify" : "restore") + " FAILED: " + r.problems().size() + " problem(s)");
        return 1;
      }
      out.println("all hashes match");
      return 0;
    } catch (KeyProblem | ArchiveRestorer.Refused e) {
      if (bar != null) bar.done();
      throw new StartupFailure(e.getMessage(), e);
    } catch (IOException e) {
      if (bar != null) bar.done();
      err.println((to == null ? "verify" : "restore") + " FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /** A one-line progress bar on stderr, redrawn at most every percent. */
  static final class ProgressBar implements LongConsumer {
    private final PrintWriter err;
    private final long total;
    private int shown = -1;

    ProgressBar(PrintWriter err, long total) {
      this.err = err;
      this.total = total;
    }

    @Override
    public void accept(long done) {
      if (total <= 0) return;
      int pct = (int) Math.min(100, done * 100 / total);
      if (pct == shown) return;
      shown = pct;
      int width = 40;
      int filled = pct * width / 100;
      err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + pct + "%");
      err.flush();
    }

    void done() {
      if (shown >= 0) {
        err.print("\r" + " ".repeat(48) + "\r");
        err.flush();
      }
    }
  }
}
