package io.hostkeeper.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Version and revision of this build, from {@code hostkeeper-build.properties} (filtered by Maven). */
public record BuildInfo(String version, String revision, String javaVersion) {

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/hostkeeper-build.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = p.getProperty("version", "unknown");
    String revision = p.getProperty("revision", "unknown");
    if (revision.startsWith("${")) revision = "unknown";
    return new BuildInfo(version, revision, System.getProperty("java.version"));
  }
}
