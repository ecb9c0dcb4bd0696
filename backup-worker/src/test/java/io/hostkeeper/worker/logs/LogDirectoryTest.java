package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogDirectoryTest {
  @ParameterizedTest(name = "uid {0} gid {1} mode {2} as {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "0    | 0   | 0755 | 0    | -",
      "0    | 0   | 0775 | 0    | -",
      "0    | 4   | 0775 | 0    | writable by group 4, which is not root",
      "0    | 4   | 0755 | 0    | -",
      "0    | 0   | 1777 | 0    | writable by every user",
      "1000 | 0   | 0555 | 0    | owned by uid 1000, which is neither root nor the worker",
      "1000 | 0   | 0755 | 1000 | -",
      "1000 | 100 | 0775 | 1000 | writable by group 100, which is not root"})
  void safeOnlyWhenNoOtherUserMayChangeIt(int uid, int gid, String mode, int self, String problem) {
    assertEquals(problem, LogDirectory.problem(uid, gid, Integer.parseInt(mode, 8), self));
  }

  @ParameterizedTest(name = "uid {0} gid {1} mode {2} as {3} run_as {4}:{5}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "1000 | 1000 | 0755 | 0 | 1000 | 1000 | -",
      "1000 | 1000 | 0775 | 0 | 1000 | 1000 | -",
      "0    | 1000 | 0775 | 0 | 1000 | 1000 | -",
      "1000 | 100  | 0775 | 0 | 1000 | 1000 | writable by group 100, which is not root nor the run_as group 1000",
      "1000 | 1000 | 0777 | 0 | 1000 | 1000 | writable by every user",
      "1000 | 1000 | 0755 | 0 | 2000 | 2000 | owned by uid 1000, which is neither root nor the worker nor the run_as user 2000",
      "0    | 0    | 0755 | 0 | 1000 | 1000 | -"})
  void runAsAlsoAcceptsWhatThatUserOrGroupControls(int uid, int gid, String mode, int self, int runUid, int runGid, String problem) {
    assertEquals(problem, LogDirectory.problem(uid, gid, Integer.parseInt(mode, 8), self, runUid, runGid));
  }

  @ParameterizedTest
  @CsvSource({"1,1", "2,1", "3,1", "4,2", "16,8"})
  void compressionUsesAtMostHalfTheCores(int cores, int threads) {
    assertEquals(threads, ParallelGzip.threadsFor(cores));
  }
}
