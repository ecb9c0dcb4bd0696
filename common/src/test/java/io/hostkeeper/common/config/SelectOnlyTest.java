package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SelectOnlyTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "  select * from users;  ",
      "-- comment\nSELECT a FROM t /* ; DELETE */ WHERE b = 'x;y'",
      "WITH x AS (SELECT 1) SELECT * FROM x",
      "WITH d AS (SELECT 'DELETE FROM t' AS s) SELECT s FROM d",
      "VALUES (1), (2)",
      "SELECT replace(name, 'a', 'b') FROM t",
      "SELECT \"delete\", [update], `insert` FROM t",
      "SELECT 'it''s; fine' FROM t; -- trailing comment",
  })
  void accepted(String sql) {
    assertNull(SelectOnly.problem(sql), sql);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | empty",
      "'  -- only a comment' | empty",
      "DELETE FROM t | not DELETE",
      "PRAGMA writable_schema=1 | not PRAGMA",
      "ATTACH '/tmp/x.db' AS x | not ATTACH",
      "SELECT 1; SELECT 2 | more than one statement",
      "SELECT 1; DROP TABLE t | more than one statement",
      "WITH x AS (SELECT 1) DELETE FROM t | WITH ... DELETE",
      "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x | WITH ... INSERT",
      "WITH x AS (SELECT 1) REPLACE INTO t SELECT * FROM x | WITH ... REPLACE",
      "WITH x AS (SELECT 1) UPDATE t SET a = 1 | WITH ... UPDATE",
      "SELECT 'open | never closed",
      "SELECT 1 /* open | never closed",
      "(SELECT 1) | must start with SELECT",
  })
  void refused(String sql, String message) {
    String p = SelectOnly.problem(sql);
    assertTrue(p != null && p.contains(message.trim()), sql + " -> " + p);
  }
}
