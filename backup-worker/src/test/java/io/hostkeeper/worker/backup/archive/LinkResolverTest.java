package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Links resolved against a model of the tree, never lexically. */
class LinkResolverTest {
  static final Map<String, String> TREE = Map.of(
      "d", ".",
      "up", "..",
      "deep", "a/b/c",
      "loop1", "loop2",
      "loop2", "loop1",
      "abs", "/etc",
      "sub/self", "../sub");

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      // link        | target                         | where (OUT: outside)
      "x             | a/b                            | a/b",
      "x             | ./a/./b/                       | a/b",
      "x             | a/../b                         | b",
      "x             | ..                             | OUT",
      "x             | d/d/d/../x                     | OUT",
      "x             | d/d/d/d/d                      | ''",
      "x             | up/anything                    | OUT",
      "x             | deep/../../z                   | a/z",
      "x             | deep/../../../../z             | OUT",
      "x             | loop1                          | OUT",
      "x             | abs/passwd                     | OUT",
      "x             | /etc/hostname                  | OUT",
      "sub/x         | ..                             | ''",
      "sub/x         | ../..                          | OUT",
      "sub/x         | self/self/../y                 | y",
      "sub/deeper/x  | ../../d/d/../sub               | OUT",
  })
  void resolves(String link, String target, String where) {
    LinkResolver.Resolution r = LinkResolver.resolve(link, target, TREE::get);
    assertEquals(where, r.inside() ? r.path() : "OUT", r.toString());
  }
}
