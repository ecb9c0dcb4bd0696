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

  @Test
  void checkConfigNeverCreatesTheDirectoryItChecks(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("a/b");
    assertEquals(Optional.empty(), StartupChecks.usableDirectoryProblem(missing));
    assertTrue(Files.notExists(dir.resolve("a")), "only probed, never created");
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "the probe is removed");
    }
    Path file = Files.writeString(dir.resolve("f"), "x");
    assertEquals(Optional.of(file + " exists and is not a directory"), StartupChecks.usableDirectoryProblem(file));
    assertEquals(Optional.of(file.resolve("sub") + " cannot be created: no parent directory exists"),
        StartupChecks.usableDirectoryProblem(file.resolve("sub")));
  }

  @Test
  void oneWordingForTheSameExceptions() {
    assertEquals("permission denied", StartupChecks.describe(new java.nio.file.AccessDeniedException("/x")));
    assertEquals("no such file or directory", StartupChecks.describe(new java.nio.file.NoSuchFileException("/x")));
    assertEquals("not a directory", StartupChecks.describe(new java.nio.file.NotDirectoryException("/x")));
    assertEquals("Read-only file system", StartupChecks.describe(new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
    assertEquals("IOException", StartupChecks.describe(new java.io.IOException()));
    assertEquals("disk gone", StartupChecks.rootMessage(new IllegalStateException("wrapper", new java.io.IOException("disk gone"))));
    assertEquals("EOFException", StartupChecks.rootMessage(new IllegalStateException("wrapper", new java.io.EOFException())));
  }

  @Test
  void aPortInUseIsFoundByTheProbe() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      HostPort address = new HostPort("127.0.0.1", taken.getLocalPort());
      BindException e = assertThrows(BindException.class, () -> StartupChecks.probeBind(address));
      assertTrue(StartupChecks.listenFailure("worker metrics", address, "worker.metrics_listen", e).getMessage()
          .contains("the address is already in use"));
    }
    StartupChecks.probeBind(new HostPort("127.0.0.1", 0));
  }
}
