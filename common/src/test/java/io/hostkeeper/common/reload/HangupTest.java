package io.hostkeeper.common.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP in a real child JVM: handled when the process may receive it, refused with a warning when
 * the process was started with it ignored (nohup), where the JVM keeps ignoring it and a reload
 * would never happen.
 */
class HangupTest {
  /** Installs the handler, says whether it took, sends itself SIGHUP and says whether it reloaded. */
  public static void main(String[] args) throws Exception {
    java.util.concurrent.CountDownLatch reloaded = new java.util.concurrent.CountDownLatch(1);
    boolean installed = Hangup.onHangup("test", reloaded::countDown);
    System.out.println("installed=" + installed);
    if (installed) {
      new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
      System.out.println("reloaded=" + reloaded.await(20, TimeUnit.SECONDS));
    }
    System.out.flush();
  }

  private static String run(boolean ignoreHangup) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "exec \"$0\" -cp \"$1\" " + HangupTest.class.getName();
    if (ignoreHangup) command = "trap '' HUP; " + command;
    Process p = new ProcessBuilder(List.of("sh", "-c", command, java, System.getProperty("java.class.path")))
        .redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child ends");
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aHangupReloads() throws Exception {
    String out = run(false);
    assertTrue(out.contains("installed=true") && out.contains("reloaded=true"), out);
  }

  @Test
  void aProcessStartedWithHangupIgnoredSaysItCannotReload() throws Exception {
    String out = run(true);
    assertTrue(out.contains("installed=false"), out);
    assertTrue(out.contains("SIGHUP is ignored in this process"), out);
    assertEquals(-1, out.indexOf("reloaded="), out);
  }
}
