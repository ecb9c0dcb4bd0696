package io.hostkeeper.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hostkeeper.common.config.HostPort;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupChecksTest {
  @Test
  void aWritableDirectoryIsCreatedAndLeftClean(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("a/b");
    assertEquals(Optional.empty(), StartupChecks.writableDirectoryProblem(data));
    assertTrue(Files.isDirectory(data));
    try (var files = Files.list(data)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aFileInTheWayIsNamed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    StartupFailure f = assertThrows(StartupFailure.class, () -> StartupChecks.requireWritableDirectory(file.resolve("sub"), "data directory", "worker.data_dir"));
    assertTrue(f.getMessage().startsWith("data directory: cannot create directory " + file.resolve("sub") + ": "), f.getMessage());
    assertTrue(f.getMessage().endsWith("; fix its permissions or set worker.data_dir"), f.getMessage());
  }

  @Test
  void aReadOnlyDirectoryIsNotWritable(@TempDir Path dir) throws Exception {
    assumeTrue(!"root".equals(System.getProperty("user.name")), "root can write anywhere");
    Path ro = Files.createDirectory(dir.resolve("ro"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
    assertEquals(Optional.of("directory " + ro + " is not writable: permission denied"), StartupChecks.writableDirectoryProblem(ro));
  }

  @Test
  void aPortInUseSaysWhichAndWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      HostPort address = new HostPort("127.0.0.1", taken.getLocalPort());
      BindException cause = assertThrows(BindException.class, () -> {
        try (ServerSocket second = new ServerSocket()) {
          second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), address.port()));
        }
      });
      StartupFailure f = StartupChecks.listenFailure("exporter", address, "exporter.listen", new java.io.IOException("Failed to bind", cause));
      assertEquals("exporter cannot listen on " + address + " (exporter.listen): the address is already in use; stop the other process or choose another port",
          f.getMessage());
    }
  }
}
