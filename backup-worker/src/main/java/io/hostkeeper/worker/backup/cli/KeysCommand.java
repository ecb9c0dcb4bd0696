package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.fs.SafeFiles;
import io.hostkeeper.worker.backup.pgp.KeyGeneration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.Date;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keys generate --name N --email E --out DIR [--passphrase-file F]}. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Backup encryption keys.",
    subcommands = KeysCommand.Generate.class)
public final class KeysCommand implements Callable<Integer> {
  /** rw-r--r--: the public key is meant to be copied around. */
  static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Make a key pair (Ed25519 + cv25519, OpenPGP v4) that gpg imports: DIR/backup-public.asc for the"
          + " worker's recipients, DIR/backup-private.asc to keep offline for restores.")
  public static final class Generate implements Callable<Integer> {
    @Option(names = "--name", required = true) String name;
    @Option(names = "--email") String email;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Protect the private key with the first line of FILE.")
    Path passphraseFile;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path pub = out.resolve("backup-public.asc");
      Path sec = out.resolve("backup-private.asc");
      for (Path p : new Path[] {pub, sec}) {
        if (Files.exists(p)) throw new StartupFailure(p + " already exists; choose another --out directory or move it away");
      }
      try {
        Files.createDirectories(out);
      } catch (IOException e) {
        throw new StartupFailure("cannot create " + out + ": " + e.getMessage(), e);
      }
      char[] pass = CliSupport.passphrase(passphraseFile);
      KeyGeneration.GeneratedKey k = KeyGeneration.generate(name, email, pass, new Date());
      writePrivate(sec, k.secretArmored());
      write(pub, k.publicArmored());
      var o = spec.commandLine().getOut();
      o.println("fingerprint " + k.fingerprint());
      o.println("public key:  " + pub + "  (put it in backups[].recipients)");
      o.println("private key: " + sec + (pass == null ? "  (not passphrase-protected: keep it safe)" : "")
          + "  (keep it off this host; restore with --key " + sec + ")");
      return 0;
    }

    private static void write(Path p, String content) throws IOException {
      SafeFiles.writeAtomically(p, content.getBytes(StandardCharsets.US_ASCII), PUBLIC_FILE);
    }

    private static void writePrivate(Path p, String content) throws IOException {
      SafeFiles.writeAtomically(p, content.getBytes(StandardCharsets.US_ASCII), SafeFiles.PRIVATE_FILE);
    }
  }
}
