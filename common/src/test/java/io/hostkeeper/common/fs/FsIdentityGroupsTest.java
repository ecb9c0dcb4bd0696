package io.hostkeeper.common.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Supplementary groups are not per thread, and the kernel checks them even when the fsuid is
 * another user's: a root started with group 0 as a supplementary group would still read files of
 * group root while "acting as nobody". FsIdentity refuses to switch then.
 */
class FsIdentityGroupsTest {
  /** Run in a child JVM: tries to act as nobody and prints what happened. */
  public static final class Probe {
    public static void main(String[] args) {
      try {
        FsIdentity.as(65534, 65534, () -> null);
        System.out.println("switched");
      } catch (IOException | InterruptedException | RuntimeException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }

  private static String probe(List<String> prefix) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new java.util.ArrayList<>(prefix);
    cmd.addAll(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe finished");
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void aWorkerWithRootAsASupplementaryGroupIsRefusedTheSwitch() throws Exception {
    Assumptions.assumeTrue(FsIdentity.unavailable() == null, "needs Linux");
    Assumptions.assumeTrue(FsIdentity.current()[0] == 0, "needs root");
    Path setpriv = RealStack.require("util-linux", "setpriv");
    String withGroups = probe(List.of(setpriv.toString(), "--groups", "0", "--"));
    assertTrue(withGroups.startsWith("refused: refused to act as uid 65534: the worker has 1 supplementary group(s)"), withGroups);
    assertEquals("switched", probe(List.of(setpriv.toString(), "--clear-groups", "--")));
  }
}
