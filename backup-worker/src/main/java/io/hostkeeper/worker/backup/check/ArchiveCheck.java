package io.hostkeeper.worker.backup.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.CatalogueEntry;
import io.hostkeeper.worker.backup.archive.Sha256;
import io.hostkeeper.worker.backup.copy.CopyRun;
import io.hostkeeper.worker.backup.copy.CopyTarget;
import io.hostkeeper.worker.backup.copy.Copier;
import io.hostkeeper.worker.backup.copy.RemoteNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Re-reads each stored archive of one backup and compares its ciphertext SHA-256 with the side
 * manifest ({@code ciphertext.sha256}; the catalogue's value when the manifest is gone). Needs no
 * private key. With remote copies, each remote archive is read back and compared the same way.
 * Only the ciphertext size and SHA-256 of a manifest are relied on.
 */
public final class ArchiveCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome: names of archives that did not match (with where), and problems that stopped a part of the check. */
  public record Result(int checked, List<String> corrupt, List<String> problems) {}

  private final BackupConfig backup;
  private final BackupCatalogue catalogue;
  private final CopyRun.Opener opener;

  public ArchiveCheck(BackupConfig backup, BackupCatalogue catalogue, CopyRun.Opener opener) {
    this.backup = backup;
    this.catalogue = catalogue;
    this.opener = opener;
  }

  public Result run(boolean remote) {
    List<String> corrupt = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    List<CatalogueEntry> entries = catalogue.list(backup.name());
    for (CatalogueEntry e : entries) {
      checked++;
      String expected = expected(e);
      Path p = e.path();
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        String actual = sha256(Channels.newInputStream(ch));
        if (!actual.equals(expected)) corrupt.add(p + " (SHA-256 " + actual + ", manifest says " + expected + ")");
      } catch (java.nio.file.NoSuchFileException ex) {
        corrupt.add(p + " (missing)");
      } catch (IOException ex) {
        corrupt.add(p + " (unreadable: " + ex.getMessage() + ")");
      }
    }
    if (remote) {
      for (CopyConfig c : backup.copies()) checked += checkRemote(c, entries, corrupt, problems);
    }
    return new Result(checked, corrupt, problems);
  }

  private int checkRemote(CopyConfig c, List<CatalogueEntry> entries, List<String> corrupt, List<String> problems) {
    RemoteNames names = new RemoteNames(backup.name());
    int checked = 0;
    try (CopyTarget t = opener.open(c)) {
      List<CopyTarget.RemoteFile> listing = t.list();
      for (CopyTarget.RemoteFile f : listing) {
        if (!names.isArchive(f.name())) continue;
        String expected = entries.stream().filter(e -> e.fileName().equals(f.name())).findFirst().map(ArchiveCheck::expected)
            .orElse(null);
        if (expected == null && listing.stream().anyMatch(x -> x.name().equals(RemoteNames.manifestOf(f.name())))) {
          try (InputStream in = t.read(RemoteNames.manifestOf(f.name()))) {
            expected = cipherSha(in.readAllBytes());
          }
        }
        if (expected == null) continue; // neither catalogued here nor with a manifest: nothing to compare with
        checked++;
        String actual = Copier.sha256(t, f.name());
        if (!actual.equals(expected)) {
          corrupt.add(c.name() + ":" + f.name() + " (SHA-256 " + actual + ", manifest says " + expected + ")");
        }
      }
    } catch (IOException | RuntimeException ex) {
      problems.add("copy " + c.name() + " could not be checked: " + ex.getMessage());
    }
    return checked;
  }

  /** The ciphertext SHA-256 the side manifest records, else the catalogue's. */
  static String expected(CatalogueEntry e) {
    Path m = e.destination().resolve(RemoteNames.manifestOf(e.fileName()));
    try {
      if (Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) && Files.size(m) < 64L * 1024 * 1024) {
        String sha = cipherSha(Files.readAllBytes(m));
        if (sha != null) return sha;
      }
    } catch (IOException ignored) {
      // fall back to the catalogue
    }
    return e.sha256();
  }

  static String cipherSha(byte[] manifest) {
    try {
      JsonNode n = JSON.readTree(manifest).path("ciphertext").path("sha256");
      return n.isTextual() ? n.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String sha256(InputStream in) throws IOException {
    var sha = Sha256.digest();
    byte[] buf = new byte[256 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) sha.update(buf, 0, n);
    return HexFormat.of().formatHex(sha.digest());
  }
}
