package io.hostkeeper.common.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OneRunPerKeyTest {

  @Test
  void anUnfinishedTaskIsJoinedNotStartedAgain() throws Exception {
    try (OneRunPerKey<String> runs = new OneRunPerKey<>("test")) {
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger started = new AtomicInteger();
      OneRunPerKey.Run<Integer> first = runs.run("a", () -> {
        started.incrementAndGet();
        await(release);
        return 1;
      });
      OneRunPerKey.Run<Integer> second = runs.run("a", () -> {
        started.incrementAndGet();
        return 2;
      });
      assertFalse(first.joined());
      assertTrue(second.joined());
      assertSame(first.result(), second.result());
      release.countDown();
      assertEquals(1, second.result().get(10, TimeUnit.SECONDS));
      assertEquals(1, started.get());
    }
  }

  @Test
  void aFinishedTaskIsStartedAfresh() throws Exception {
    try (OneRunPerKey<String> runs = new OneRunPerKey<>("test")) {
      assertEquals(1, runs.start("a", () -> 1).get(10, TimeUnit.SECONDS));
      OneRunPerKey.Run<Integer> again = runs.run("a", () -> 2);
      assertEquals(2, again.result().get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void otherKeysRunBesideAHangingOne() throws Exception {
    try (OneRunPerKey<Object> runs = new OneRunPerKey<>("test")) {
      CountDownLatch release = new CountDownLatch(1);
      Object slotA = new Object();
      Object slotB = new Object(); // keys without equals: each object is its own key
      runs.start(slotA, () -> await(release));
      assertEquals("b", runs.start(slotB, () -> "b").get(10, TimeUnit.SECONDS));
      release.countDown();
    }
  }

  @Test
  void backToBackRoundsUseNoMoreThreadsThanKeys() throws Exception {
    String name = "rounds-" + System.nanoTime();
    try (OneRunPerKey<Integer> runs = new OneRunPerKey<>(name)) {
      int keys = 8;
      int most = 0;
      for (int round = 0; round < 500; round++) {
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<Integer>[] tasks = new java.util.concurrent.CompletableFuture[keys];
        for (int k = 0; k < keys; k++) {
          int v = k;
          tasks[k] = runs.start(k, () -> v);
        }
        for (int k = 0; k < keys; k++) assertEquals(k, tasks[k].get(10, TimeUnit.SECONDS));
        most = Math.max(most, threadsNamed(name));
      }
      assertTrue(most <= keys, most + " threads for " + keys + " keys");
    }
  }

  @Test
  void aHangingTaskGetsAThreadOfItsOwnInAGrowingPool() throws Exception {
    try (OneRunPerKey<String> runs = new OneRunPerKey<>("test")) {
      CountDownLatch release = new CountDownLatch(2);
      runs.start("a", () -> await(release));
      runs.start("b", () -> await(release));
      assertEquals("c", runs.start("c", () -> "c").get(10, TimeUnit.SECONDS));
      release.countDown();
      release.countDown();
    }
  }

  private static int threadsNamed(String prefix) {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().startsWith(prefix + "-")) n++;
    return n;
  }

  @Test
  void aBoundedPoolQueuesAtMostOneTaskPerKey() throws Exception {
    try (OneRunPerKey<String> runs = new OneRunPerKey<>("test", 1)) {
      CountDownLatch release = new CountDownLatch(1);
      runs.start("busy", () -> await(release));
      AtomicInteger queued = new AtomicInteger();
      var first = runs.start("waiting", queued::incrementAndGet);
      for (int i = 0; i < 4; i++) assertSame(first, runs.start("waiting", queued::incrementAndGet));
      release.countDown();
      assertEquals(1, first.get(10, TimeUnit.SECONDS));
      assertEquals(1, queued.get());
    }
  }

  @Test
  void awaitGivesNullAtTheDeadlineAndTheValueWhenDone() throws Exception {
    try (OneRunPerKey<String> runs = new OneRunPerKey<>("test")) {
      CountDownLatch release = new CountDownLatch(1);
      var hanging = runs.start("a", () -> await(release));
      assertNull(OneRunPerKey.await(hanging, System.nanoTime()));
      release.countDown();
      assertTrue(OneRunPerKey.await(hanging, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
      var failing = runs.<String>start("b", () -> {
        throw new IllegalArgumentException("broken");
      });
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> OneRunPerKey.await(failing, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
      assertEquals("broken", e.getCause().getMessage());
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
