package io.hostkeeper.common;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void aBuildInsideAGitCheckoutIsStampedWithItsRevision() {
    Path dir = Path.of("").toAbsolutePath();
    boolean inGit = false;
    for (Path p = dir; p != null; p = p.getParent()) inGit |= Files.exists(p.resolve(".git"));
    assumeTrue(inGit, "not built inside a git checkout");
    String revision = BuildInfo.load().revision();
    assertTrue(revision.matches("[0-9a-f]{12}"), "revision should be the abbreviated commit id, was " + revision);
  }

  @Test
  void theVersionComesFromThePom() {
    String version = BuildInfo.load().version();
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "version should be filtered from the pom, was " + version);
  }
}
