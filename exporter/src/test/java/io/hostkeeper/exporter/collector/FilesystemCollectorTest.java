package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.TestConfigs;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FilesystemCollectorTest {
  final HostRoots pi = TestConfigs.fixture("pi");
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  FilesystemCollector collector(StatFs statFs, Duration mountTimeout) {
    return new FilesystemCollector(pi, statFs, TestConfigs.MOUNT_POINTS_EXCLUDE, TestConfigs.FS_TYPES_EXCLUDE, mountTimeout);
  }

  /** mountpoint → value of {@code family}, for every series of it. */
  static Map<String, Double> values(List<MetricSnapshot> out, String family) {
    Map<String, Double> m = new TreeMap<>();
    for (MetricSnapshot s : out) {
      if (!s.getMetadata().getName().equals(family)) continue;
      for (DataPointSnapshot p : s.getDataPoints()) m.put(p.getLabels().get("mountpoint"), ((GaugeDataPointSnapshot) p).getValue());
    }
    return m;
  }

  StatFs counting(StatFs inner) {
    return path -> {
      calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      return inner.stat(path);
    };
  }

  static ScrapeContext budget(Duration d) {
    return new ScrapeContext(System.nanoTime() + d.toNanos());
  }

  @Test
  void reportsEachVisibleMountOnceWithItsLabelsAndReadOnlyFlag() throws Exception {
    List<MetricSnapshot> out = collector(p -> new StatFs.Usage(1000, 400, 300, 10, 5), Duration.ofSeconds(5))
        .collect(budget(Duration.ofSeconds(5)));
    assertEquals(Map.of("/", 1000.0, "/run", 1000.0, "/boot/firmware", 1000.0, "/mnt/usb stick", 1000.0),
        values(out, "hostkeeper_filesystem_size_bytes"));
    assertEquals(1.0, values(out, "hostkeeper_filesystem_readonly").get("/boot/firmware"));
    assertEquals(0.0, values(out, "hostkeeper_filesystem_readonly").get("/"));
    assertEquals(300.0, values(out, "hostkeeper_filesystem_avail_bytes").get("/"));
    assertEquals(5.0, values(out, "hostkeeper_filesystem_files_free").get("/"));
    assertTrue(values(out, "hostkeeper_filesystem_device_error").values().stream().allMatch(v -> v == 0.0));
  }

  @Test
  void unknownInodeCountsAreAbsentNotZero() throws Exception {
    List<MetricSnapshot> out = collector(p -> new StatFs.Usage(1000, 400, 300, Double.NaN, Double.NaN), Duration.ofSeconds(5))
        .collect(budget(Duration.ofSeconds(5)));
    assertTrue(values(out, "hostkeeper_filesystem_files").isEmpty());
    assertEquals(4, values(out, "hostkeeper_filesystem_size_bytes").size());
  }

  @Test
  void failingStatIsADeviceErrorNotAFailedCollector() throws Exception {
    List<MetricSnapshot> out = collector(p -> {
      if (p.endsWith("usb stick")) throw new IOException("EIO");
      return new StatFs.Usage(1000, 400, 300, 10, 5);
    }, Duration.ofSeconds(5)).collect(budget(Duration.ofSeconds(5)));
    assertEquals(1.0, values(out, "hostkeeper_filesystem_device_error").get("/mnt/usb stick"));
    assertFalse(values(out, "hostkeeper_filesystem_size_bytes").containsKey("/mnt/usb stick"));
    assertEquals(3, values(out, "hostkeeper_filesystem_size_bytes").size());
  }

  @Test
  void hangingMountIsMarkedSkippedOnLaterScrapesAndComesBackWhenItReturns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FilesystemCollector c = collector(counting(p -> {
      if (p.endsWith("usb stick")) {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
      return new StatFs.Usage(1000, 400, 300, 10, 5);
    }), Duration.ofSeconds(1));
    String usb = pi.underRoot("/mnt/usb stick").toString();

    List<MetricSnapshot> first = c.collect(budget(Duration.ofSeconds(5)));
    assertEquals(1.0, values(first, "hostkeeper_filesystem_device_error").get("/mnt/usb stick"));
    assertEquals(3, values(first, "hostkeeper_filesystem_size_bytes").size(), "the other mounts still go out");

    List<MetricSnapshot> second = c.collect(budget(Duration.ofSeconds(5)));
    assertEquals(1, calls.get(usb).get(), "a stuck mount is not statted again");
    assertEquals(1.0, values(second, "hostkeeper_filesystem_device_error").get("/mnt/usb stick"));

    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<MetricSnapshot> later;
    do {
      later = c.collect(budget(Duration.ofSeconds(5)));
    } while (values(later, "hostkeeper_filesystem_device_error").get("/mnt/usb stick") != 0.0 && System.nanoTime() < deadline);
    assertEquals(0.0, values(later, "hostkeeper_filesystem_device_error").get("/mnt/usb stick"));
    assertEquals(1000.0, values(later, "hostkeeper_filesystem_size_bytes").get("/mnt/usb stick"));
  }

  @Test
  void realStatvfsAgreesWithJavaFileStoreOnTheTempDir() throws Exception {
    // Not the machine's values: only that both implementations see the same filesystem size.
    String tmp = System.getProperty("java.io.tmpdir");
    StatFs.Usage jna = new JnaStatFs().stat(tmp);
    StatFs.Usage nio = new FileStoreStatFs().stat(tmp);
    assertEquals(nio.sizeBytes(), jna.sizeBytes());
    assertTrue(jna.files() > 0);
  }

  @Test
  void statvfsFallsBackForGoodWhenJnaCannotLink() throws Exception {
    AtomicInteger primaryCalls = new AtomicInteger();
    StatFs broken = p -> {
      primaryCalls.incrementAndGet();
      throw new UnsatisfiedLinkError("no jnidispatch");
    };
    FallbackStatFs s = new FallbackStatFs(broken, p -> new StatFs.Usage(10, 5, 4, Double.NaN, Double.NaN));
    assertEquals(10.0, s.stat("/").sizeBytes());
    assertEquals(10.0, s.stat("/").sizeBytes());
    assertEquals(1, primaryCalls.get());
  }
}
