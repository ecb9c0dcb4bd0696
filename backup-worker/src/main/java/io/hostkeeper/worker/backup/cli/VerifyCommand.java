package io.hostkeeper.worker.backup.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify ARCHIVE --key PRIVATE.asc}: a restore drill that writes nothing and checks every hash. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Decrypt and read a whole archive without writing anything; check every hash.")
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ARCHIVE") Path archive;
  @Option(names = "--key", required = true, paramLabel = "PRIVATE.asc") Path key;
  @Option(names = "--passphrase-file", paramLabel = "FILE") Path passphraseFile;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return RestoreCommand.run(archive, key, passphraseFile, null, false, spec);
  }
}
