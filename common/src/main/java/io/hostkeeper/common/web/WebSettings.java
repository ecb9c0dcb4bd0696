package io.hostkeeper.common.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One valid reading of a web-config file: its settings (paths resolved), the TLS material read
 * from its files, and the stamps those files had just before they were read.
 *
 * @param tls null when the file does not switch TLS on
 */
public record WebSettings(Path file, WebConfigFile config, TlsMaterial tls, List<FileStamp> stamps) {
  public WebSettings {
    stamps = List.copyOf(stamps);
  }

  /** The files whose change means a new reading: the web-config file, then cert, key and client CA when set. */
  public static List<Path> watched(Path file, TlsServerConfig tls) {
    List<Path> out = new ArrayList<>();
    out.add(file);
    if (tls != null && tls.enabled()) {
      out.add(tls.certFile());
      out.add(tls.keyFile());
      if (tls.clientCaFile() != null) out.add(tls.clientCaFile());
    }
    return out;
  }

  /** Whether any watched file looks different now. */
  public boolean changedOnDisk() {
    List<Path> paths = watched(file, config.tlsServerConfig());
    for (int i = 0; i < paths.size(); i++) {
      if (!FileStamp.of(paths.get(i)).equals(stamps.get(i))) return true;
    }
    return false;
  }
}
